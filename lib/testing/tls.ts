/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1, made with the openssl
 * command, for tests of TLS clients that must trust an extra CA (NODE_EXTRA_CA_CERTS).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestCertificates {
  /** PEM file of the CA certificate (what NODE_EXTRA_CA_CERTS names). */
  caFile: string;
  /** PEM server key and certificate (signed by the CA, valid for IP 127.0.0.1). */
  key: string;
  cert: string;
  remove(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-tls-"));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", at("ca.key"), "-out", at("ca.pem"), "-days", "2", "-subj", "/CN=Gatehouse test CA");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", at("server.key"), "-out", at("server.csr"), "-subj", "/CN=127.0.0.1");
    fs.writeFileSync(at("ext.cnf"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    openssl("x509", "-req", "-in", at("server.csr"), "-CA", at("ca.pem"), "-CAkey", at("ca.key"), "-CAcreateserial", "-out", at("server.pem"), "-days", "2", "-extfile", at("ext.cnf"));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`making test certificates with openssl failed: ${stderr || String(error)}`);
  }
  return {
    caFile: at("ca.pem"),
    key: fs.readFileSync(at("server.key"), "utf8"),
    cert: fs.readFileSync(at("server.pem"), "utf8"),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
