package io.conduit.nodes.function;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Buffer that function code sees behaves as Node.js's for what flows use. Each expression runs
 * in a function node; the expected values are what Node.js 22 gives.
 */
class BufferTest {
  static final Vertx vertx = OneNode.VERTX;
  static OneNode node;

  @BeforeAll
  static void deploy() throws Exception {
    node = OneNode.deployed(vertx, function("msg.payload = eval(msg.expr); return msg;"));
  }

  @AfterAll
  static void close() throws Exception {
    node.close(true);
  }

  private static Object eval(String expr) throws Exception {
    node.receive(new LinkedHashMap<>(Map.of("expr", expr)));
    RecordingServices.Sent s = node.services.sent.poll(OneNode.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    Throwable err = node.awaitDone();
    assertThat(err).as(expr).isNull();
    assertThat(s).as(expr).isNotNull();
    return s.msg().get("payload");
  }

  private static void check(String expr, Object expected) throws Exception {
    assertThat(eval(expr)).as(expr).isEqualTo(expected);
  }

  @Test
  void fromStringsInEachEncodingAndBack() throws Exception {
    check("Buffer.from('héllo').length", 6);
    check("Buffer.from('héllo').toString()", "héllo");
    check("Buffer.from('héllo', 'utf-8').toString('utf8')", "héllo");
    check("Buffer.from('68656c6c6f', 'hex').toString()", "hello");
    check("Buffer.from('hello').toString('hex')", "68656c6c6f");
    check("Buffer.from('aGVsbG8=', 'base64').toString()", "hello");
    check("Buffer.from('hello').toString('base64')", "aGVsbG8=");
    check("Buffer.from('hi?>').toString('base64url')", "aGk_Pg");
    check("Buffer.from('aGk_Pg', 'base64url').toString()", "hi?>");
    check("Buffer.from('ÿa', 'latin1').toString('hex')", "ff61");
    check("Buffer.from([0xe9, 0x41]).toString('latin1')", "éA");
    check("Buffer.from([0xe9, 0x41]).toString('ascii')", "iA");
    check("Buffer.from('hé', 'utf16le').toString('hex')", "6800e900");
    check("Buffer.from('😀 ok').toString()", "😀 ok");
    check("Buffer.from('😀').length", 4);
    check("Buffer.from([0xff, 0x61]).toString()", "\uFFFDa");
    check("Buffer.from('abc').toString('utf8', 1, 2)", "b");
  }

  @Test
  void fromArraysAndOtherBuffers() throws Exception {
    check("Buffer.from([1, 2, 256, -1]).toString('hex')", "010200ff");
    check("Buffer.from(Buffer.from('ab')).toString()", "ab");
    check("Buffer.from({type: 'Buffer', data: [104, 105]}).toString()", "hi");
    check("Buffer.alloc(3).toString('hex')", "000000");
    check("Buffer.alloc(3, 1).toString('hex')", "010101");
    check("Buffer.alloc(4, 'ab').toString()", "abab");
    check("Buffer.allocUnsafe(2).length", 2);
    check("JSON.stringify(Buffer.from([1, 2]))", "{\"type\":\"Buffer\",\"data\":[1,2]}");
    check("Buffer.from('x') instanceof Uint8Array", true);
    check("Buffer.isBuffer(Buffer.from('x')) && !Buffer.isBuffer('x')", true);
    check("Buffer.byteLength('héllo')", 6);
  }

  @Test
  void compareConcatSliceAndSearch() throws Exception {
    check("Buffer.from([1,2,3]).equals(Buffer.from([1,2,3]))", true);
    check("Buffer.from([1,2,3]).equals(Buffer.from([1,2]))", false);
    check("Buffer.compare(Buffer.from('a'), Buffer.from('b'))", -1);
    check("Buffer.concat([Buffer.from('a'), Buffer.from('bc')]).toString()", "abc");
    check("Buffer.concat([Buffer.from('abc'), Buffer.from('def')], 4).toString()", "abcd");
    check("(function(){ const b = Buffer.from('abc'); const s = b.slice(1); s[0] = 0x78; return b.toString(); })()", "axc");
    check("Buffer.from('abcdef').slice(-2).toString()", "ef");
    check("Buffer.from('abcdef').subarray(1, 3).toString()", "bc");
    check("Buffer.isBuffer(Buffer.from('abc').slice(1))", true);
    check("Buffer.from('abcabc').indexOf('c')", 2);
    check("Buffer.from('abcabc').indexOf('ca')", 2);
    check("Buffer.from('abcabc').indexOf(0x62, 2)", 4);
    check("Buffer.from('abc').includes('bc')", true);
    check("Buffer.from('abc')[1]", 98);
    check("(function(){ const b = Buffer.alloc(5); const n = b.write('hi', 1); return n + ':' + b.toString('hex'); })()", "2:0068690000");
    check("(function(){ const t = Buffer.alloc(4); Buffer.from('xy').copy(t, 1); return t.toString('hex'); })()", "00787900");
  }

  @Test
  void readsAndWritesNumbers() throws Exception {
    check("Buffer.from([0xde,0xad,0xbe,0xef]).readUInt32BE(0)", 3735928559L);
    check("Buffer.from([0xde,0xad,0xbe,0xef]).readUInt32LE(0)", 4022250974L);
    check("Buffer.from([0xde,0xad,0xbe,0xef]).readInt32BE(0)", -559038737);
    check("Buffer.from([0x01,0x02]).readUInt16BE(0)", 258);
    check("Buffer.from([0x01,0x02]).readUInt16LE(0)", 513);
    check("Buffer.from([0xff,0xfe]).readInt16BE(0)", -2);
    check("Buffer.from([0xff]).readInt8(0)", -1);
    check("Buffer.from([0,0xff]).readUInt8(1)", 255);
    check("Buffer.from([0,0xff]).readUint8(1)", 255);
    check("(function(){ const b = Buffer.alloc(4); return b.writeUInt16BE(0x1234, 1) + ':' + b.toString('hex'); })()", "3:00123400");
    check("(function(){ const b = Buffer.alloc(4); b.writeInt32LE(-2, 0); return b.toString('hex'); })()", "feffffff");
    check("(function(){ const b = Buffer.alloc(4); b.writeUInt32BE(3735928559, 0); return b.toString('hex'); })()", "deadbeef");
    check("(function(){ const b = Buffer.alloc(4); b.writeFloatBE(1.5, 0); return b.readFloatBE(0); })()", 1.5);
    check("(function(){ const b = Buffer.alloc(8); b.writeDoubleLE(-0.25, 0); return b.readDoubleLE(0); })()", -0.25);
    check("(function(){ try { Buffer.alloc(2).readUInt32BE(0); return 'no error'; } catch (e) { return e.name; } })()", "RangeError");
    check("(function(){ try { Buffer.alloc(2).writeUInt8(300, 0); return 'no error'; } catch (e) { return e.name; } })()", "RangeError");
  }
}
