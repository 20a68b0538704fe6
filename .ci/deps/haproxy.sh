# haproxy is the PROXY protocol sender packages/toa's interop tests run against (a sender we did
# not write).
apt_install haproxy
