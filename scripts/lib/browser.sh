# Finds or installs the headless browser the portal's tests drive: Debian's chromium and
# chromium-driver. Sourced by test.sh after postgres.sh (which defines ph_say and ph_die).
#
#   ensure_browser
#
# Exports PARTNERHUB_CHROMIUM and PARTNERHUB_CHROMEDRIVER. Installs the packages with apt-get
# when they are missing: as root, or through sudo when it needs no password.

ph_apt_install() { # packages...
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      return 1
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  # The package lists may be old or absent on a fresh machine: refresh them if need be.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
  $sudo apt-get update -qq >/dev/null 2>&1 || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_browser() {
  local chromium=${PARTNERHUB_CHROMIUM:-$(command -v chromium || true)}
  local driver=${PARTNERHUB_CHROMEDRIVER:-$(command -v chromedriver || true)}
  if [ -z "$chromium" ] || [ -z "$driver" ]; then
    ph_say "installing chromium and chromium-driver for the browser tests (apt-get)"
    ph_apt_install chromium chromium-driver \
      || ph_die "the browser tests need chromium and chromium-driver: install them (sudo apt-get install chromium chromium-driver) and run this again"
    chromium=$(command -v chromium)
    driver=$(command -v chromedriver)
  fi
  export PARTNERHUB_CHROMIUM="$chromium" PARTNERHUB_CHROMEDRIVER="$driver"
}
