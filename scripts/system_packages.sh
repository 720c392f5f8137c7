#!/usr/bin/env sh
# Debian packages the pipeline and its tests use, installed when missing and we are root
# (elsewhere: one line saying what to install). Run by .ci/run and by `make` when it sets up .venv.
#   chromium                          renders report.html in a test
#   tesseract-ocr, tesseract-ocr-vie  OCR of scanned pages (pipeline/ocr.py)
#   antiword, catdoc                  old Word .doc files (pipeline/office.py)
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1 || missing="$missing tesseract-ocr-vie"
command -v antiword >/dev/null 2>&1 || missing="$missing antiword"
command -v catdoc >/dev/null 2>&1 || missing="$missing catdoc"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/dev/null 2>&1 \
        || echo "could not install$missing; the tests that need them will be skipped"
else
    echo "not installed:$missing (Debian: sudo apt-get install$missing); the tests that need them will be skipped"
fi
exit 0
