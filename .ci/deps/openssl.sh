# openssl makes the CA, server and client certificates of the haproxy TLS interop suite
# (packages/toa/test/haproxy.test.ts: the SSL, ALPN and AUTHORITY TLVs haproxy sends).
apt_install openssl
