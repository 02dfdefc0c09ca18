#!/bin/sh
# Regenerates the test PKI in this directory (see README.md). Needs OpenSSL 1.1.1 or newer.
set -eu
cd "$(dirname "$0")"
DAYS=36500 # 100 years: the tests must not start failing when a certificate expires

# ca NAME CN: a self-signed CA, NAME.pem and NAME.key.
ca() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$1.key" -out "$1.pem"
}

# leaf NAME CN CA USAGE [EXTRA]: NAME.pem and NAME.key, signed by CA for USAGE (serverAuth or clientAuth),
# with the extension line EXTRA if given.
leaf() {
    openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$1.key" -out "$1.csr"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=$4" ${5:+"$5"} |
        openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -sha256 -days "$DAYS" \
            -extfile /dev/stdin -out "$1.pem"
}

# A CA, and a server and a client certificate it signs.
ca ca "latm test CA"
leaf server localhost ca serverAuth "subjectAltName=DNS:localhost,IP:127.0.0.1"
leaf client "latm test client" ca clientAuth

# A second, unrelated CA and a client certificate from it: mutual TLS must refuse that client.
ca other-ca "latm other CA"
leaf stranger "latm stranger" other-ca clientAuth

# Keys as unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), which Netty reads; the CA keys and the
# signing leftovers are not needed by the tests.
rm -f ca.key other-ca.key ./*.csr ./*.srl
