# nginx (Debian's) is the real proxy in front of the apps in test/nginx-recipes.test.ts and
# test/nginx-readme.test.ts; iproute2's `ip` adds the CDN edge and client addresses they connect
# from to lo; openssl makes the certificate of the README's `listen 443 ssl` block.
apt_install nginx iproute2 openssl
