#!/usr/bin/env bash
# Re-extract the window's strings into the .ts files (keeps existing translations), after changing
# any tr() string or .ui form. Then fill in the Chinese in commandcenter_zh_CN.ts (Qt Linguist or an
# editor) and compile with: pyside6-lrelease resources/translations/*.ts
set -euo pipefail
cd "$(dirname "$0")/../.."
pyside6-lupdate -silent -no-obsolete -locations none -extensions py,ui commandcenter/gui ui \
  -ts resources/translations/commandcenter_zh_CN.ts resources/translations/commandcenter_en.ts
