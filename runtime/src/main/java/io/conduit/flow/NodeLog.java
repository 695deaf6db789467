package io.conduit.flow;

/**
 * One log entry written by a node ({@code log}, {@code warn}, {@code error}), as Node-RED's log
 * handlers see it. Levels are Node-RED's numbers: {@link #ERROR} 20, {@link #WARN} 30,
 * {@link #INFO} 40, {@link #DEBUG} 50.
 */
public record NodeLog(int level, String nodeId, String type, String name, String flowId, String path, String text) {
  public static final int ERROR = 20;
  public static final int WARN = 30;
  public static final int INFO = 40;
  public static final int DEBUG = 50;
}
