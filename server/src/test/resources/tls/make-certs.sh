#!/bin/sh
# Regenerates the test PKI in this directory (see README.md). Needs OpenSSL 1.1.1 or newer.
set -eu
cd "$(dirname "$0")"
DAYS=36500 # 100 years: the tests must not start failing when a certificate expires

# A CA, and a server and a client certificate it signs.
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -subj "/CN=latm test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout ca.key -out ca.pem
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days "$DAYS" \
    -extfile /dev/stdin -out server.pem <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
EXT
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=latm test client" -keyout client.key -out client.csr
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days "$DAYS" \
    -extfile /dev/stdin -out client.pem <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT

# A second, unrelated CA and a client certificate from it: mutual TLS must refuse that client.
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -subj "/CN=latm other CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout other-ca.key -out other-ca.pem
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=latm stranger" -keyout stranger.key -out stranger.csr
openssl x509 -req -in stranger.csr -CA other-ca.pem -CAkey other-ca.key -CAcreateserial -sha256 \
    -days "$DAYS" -extfile /dev/stdin -out stranger.pem <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT

# Keys as unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), which Netty reads; the CA keys and the
# signing leftovers are not needed by the tests.
rm -f ca.key other-ca.key ./*.csr ./*.srl
