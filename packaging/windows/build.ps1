# Build the Windows bundle and installer (run from the repository, in PowerShell):
#   py -3.11 -m venv .venv; .venv\Scripts\pip install -e ".[ui,server,reports,packaging]"
#   packaging\windows\build.ps1
# Needs Inno Setup 6 (ISCC.exe on PATH or in its default folder).
# The report font: Windows has Microsoft YaHei/SimHei, which the font lookup finds;
# set GRIDAPP_BUNDLE_FONT=C:\path\wqy-zenhei.ttc to ship a font inside the bundle too.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$py = ".venv\Scripts\python.exe"
if (-not (Test-Path "packaging\icons\gridapp.ico")) { & $py packaging\icons\make_icons.py }
$sw = [Diagnostics.Stopwatch]::StartNew()
& $py -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\gridapp.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$size = (Get-ChildItem dist\gridapp -Recurse | Measure-Object Length -Sum).Sum / 1MB
"dist\gridapp: {0:N0} MB in {1:N0} s" -f $size, $sw.Elapsed.TotalSeconds
$version = (& $py -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\gridapp.iss
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
Get-ChildItem dist\gridapp-*-setup.exe
