# Sourced by .ci/run and by each .ci/deps/*.sh: shared helpers for installing what the tests need.
# apt_install PKG...: installs the Debian packages that are missing (apt-get update once per run).
# Never fails the run: a tool that cannot be installed makes its suites skip with one loud line.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && { echo "present: $*"; return 0; }
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo='sudo -n'; else
      echo "!!! not root and no sudo: ${missing[*]} missing, the suites that need them will be SKIPPED"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "!!! no apt-get: ${missing[*]} missing, the suites that need them will be SKIPPED"
    return 0
  fi
  if [ -z "${REALIP_APT_UPDATED:-}" ]; then
    timeout 600 $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq && export REALIP_APT_UPDATED=1
  fi
  if timeout 600 $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
    install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "installed: ${missing[*]}"
  else
    echo "!!! could not install ${missing[*]}: the suites that need them will be SKIPPED"
  fi
  return 0
}
