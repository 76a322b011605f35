// SPDX-License-Identifier: MIT
// A throw-away public key infrastructure for the TLS tests (tests/node/proxy-tls.test.js), made at test time
// with Debian's openssl (scripts/setup.sh) so that no key is ever committed: a CA, a server certificate it
// signs for 127.0.0.1 and localhost, one it signs for another name only (a wrong host name), and a
// self-signed one that no CA vouches for. P-256 keys, valid for two days.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const SERVER_EXTENSIONS = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=serverAuth',
];

/**
 * @typedef {object} TestPki
 * @property {string} dir         the folder of the files (removed by `remove`)
 * @property {string} caPath      the CA certificate's file (for NODE_EXTRA_CA_CERTS)
 * @property {string} caPem       its PEM text (for the `ca` option)
 * @property {{ key: string, cert: string }} server       signed by the CA for IP 127.0.0.1 and localhost
 * @property {{ key: string, cert: string }} otherHost    signed by the CA for elsewhere.invalid only
 * @property {{ key: string, cert: string }} selfSigned   for 127.0.0.1, signed by nobody but itself
 * @property {() => Promise<void>} remove
 */

/** @returns {Promise<TestPki>} */
export async function makeTestPki() {
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-pki-'));
  const file = (name) => join(dir, name);
  const openssl = (...args) => run('openssl', args, { cwd: dir });
  try {
    await openssl(
      'req',
      '-x509',
      ...KEY,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=groupdocs-conversion-wasm test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );

    /** A key and a certificate for `names` (subjectAltName entries), signed by the CA. */
    const signed = async (name, altNames) => {
      await openssl('req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      await writeFile(file(`${name}.ext`), [`subjectAltName=${altNames}`, ...SERVER_EXTENSIONS].join('\n'));
      await openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
      return pair(name);
    };
    const pair = async (name) => ({
      key: await readFile(file(`${name}.key`), 'utf8'),
      cert: await readFile(file(`${name}.pem`), 'utf8'),
    });

    const server = await signed('server', 'IP:127.0.0.1,DNS:localhost');
    const otherHost = await signed('other-host', 'DNS:elsewhere.invalid');
    await openssl(
      'req',
      '-x509',
      ...KEY,
      '-keyout',
      'self-signed.key',
      '-out',
      'self-signed.pem',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    );
    const selfSigned = await pair('self-signed');
    return {
      dir,
      caPath: file('ca.pem'),
      caPem: await readFile(file('ca.pem'), 'utf8'),
      server,
      otherHost,
      selfSigned,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
