package dev.aedes.server;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, made at test time and
 * written as PEM files (PKCS#8 keys) into a folder.
 */
final class TestCertificates {
  /** As BouncyCastle encodes it; RFC 2253 (the JDK's getName) prints it reversed. */
  static final String CLIENT_SUBJECT = "O=Aedes Test,CN=device-1";

  final Path caCert;
  final Path serverCert;
  final Path serverKey;
  private final X509Certificate ca;
  private final X509Certificate client;
  private final PrivateKey clientKey;

  TestCertificates(Path dir) throws Exception {
    KeyPair caKeys = keys();
    ca = certificate("CN=Aedes Test CA", caKeys, "CN=Aedes Test CA", caKeys.getPrivate(), true);
    KeyPair serverKeys = keys();
    X509Certificate server = certificate("CN=127.0.0.1", serverKeys, "CN=Aedes Test CA",
        caKeys.getPrivate(), false);
    KeyPair clientKeys = keys();
    client = certificate(CLIENT_SUBJECT, clientKeys, "CN=Aedes Test CA", caKeys.getPrivate(),
        false);
    clientKey = clientKeys.getPrivate();
    caCert = write(dir.resolve("ca.pem"), ca);
    serverCert = write(dir.resolve("server.pem"), server);
    serverKey = write(dir.resolve("server-key.pem"), serverKeys.getPrivate());
  }

  /** The flags enabling TLS with these files. */
  String[] tlsFlags(String... more) {
    String[] base = {"--tls-cert=" + serverCert, "--tls-key=" + serverKey};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  /** A client context that trusts the CA, presenting the client certificate if asked to. */
  SSLContext clientContext(boolean withCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withCertificate) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", clientKey, "x".toCharArray(), new X509Certificate[] {client});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, "x".toCharArray());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(String subject, KeyPair keys, String issuer,
      PrivateKey issuerKey, boolean isCa) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
        new X500Name(subject), keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
          new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      // A PrivateKey is written as PKCS#8 ("BEGIN PRIVATE KEY"), what Netty reads.
      pem.writeObject(pemObject instanceof PrivateKey key
          ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : pemObject);
    }
    return Files.writeString(file, text.toString());
  }
}
