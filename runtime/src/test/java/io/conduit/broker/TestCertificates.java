package io.conduit.broker;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away certificate authority made in the test (BouncyCastle, EC P-256): a CA certificate,
 * a server certificate for {@code localhost}/{@code 127.0.0.1}, and client certificates with a
 * given CN, all written as PEM files (keys in PKCS#8) as Mosquitto users would have them.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final String name;
  private final KeyPair caKeys;
  private final X509CertificateHolder ca;

  /** A new CA named {@code name}; its files go to {@code dir}. */
  public TestCertificates(Path dir, String name) throws Exception {
    this.dir = dir;
    this.name = name;
    this.caKeys = keyPair();
    X500Name subject = new X500Name("CN=" + name + " test CA,O=Conduit tests");
    JcaX509v3CertificateBuilder b = builder(subject, subject, caKeys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.ca = b.build(signer(caKeys));
    write(caFile(), ca);
  }

  /** The CA certificate (Mosquitto's {@code cafile}). */
  public Path caFile() {
    return dir.resolve(name + "-ca.pem");
  }

  /** A server certificate for localhost and 127.0.0.1: {certfile, keyfile}. */
  public Path[] server() throws Exception {
    return issue("localhost", "server", true);
  }

  /**
   * {@code listener} with a new server certificate from {@link #server()} as its certfile and keyfile;
   * unchecked, so that {@code BrokerTestBase.options()} overrides can call it.
   */
  public ListenerOptions withServerCertificate(ListenerOptions listener) {
    try {
      Path[] server = server();
      return listener.setCertfile(server[0].toString()).setKeyfile(server[1].toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client certificate whose subject CN is {@code commonName}: {certfile, keyfile}. */
  public Path[] client(String commonName) throws Exception {
    return issue(commonName, "client-" + commonName, false);
  }

  private Path[] issue(String commonName, String fileName, boolean server) throws Exception {
    KeyPair keys = keyPair();
    JcaX509v3CertificateBuilder b = builder(ca.getSubject(), new X500Name("CN=" + commonName + ",O=Conduit tests"), keys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    if (server) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    } else {
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }
    X509CertificateHolder cert = b.build(signer(caKeys));
    Path certFile = dir.resolve(name + "-" + fileName + ".pem");
    Path keyFile = dir.resolve(name + "-" + fileName + ".key");
    write(certFile, cert);
    write(keyFile, keys.getPrivate());
    return new Path[] {certFile, keyFile};
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
      Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
  }

  private static ContentSigner signer(KeyPair keys) throws Exception {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static void write(Path file, Object pemObject) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      // JcaPEMWriter writes a private key as PKCS#8 "PRIVATE KEY" when given a PKCS8Generator; use it for keys
      if (pemObject instanceof java.security.PrivateKey key) {
        w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
      } else {
        w.writeObject(pemObject);
      }
    }
    Files.writeString(file, text.toString());
  }
}
