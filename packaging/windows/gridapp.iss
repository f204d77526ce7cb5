; Inno Setup 6 script: per-user installer of the one-folder bundle (dist\gridapp).
; Build on Windows with packaging\windows\build.ps1 (PyInstaller, then ISCC.exe).
; No admin rights: installs to %LOCALAPPDATA%\Programs\gridapp.
; User data (QStandardPaths AppDataLocation: %APPDATA%\gridapp\gridapp — local stores,
; photos, demo, tokens) is never written or removed by the installer or the uninstaller.

#define AppName "gridapp"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1E5F0A-3B7D-4E8A-9C52-7D1A2B3C4D5E}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=gridapp
DefaultDirName={localappdata}\Programs\gridapp
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=gridapp-{#AppVersion}-setup
SetupIconFile=..\icons\gridapp.ico
UninstallDisplayIcon={app}\gridapp.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppTitle=网格化城市管理
english.AppTitle=gridapp (urban grid management)
chinesesimplified.DemoTitle=网格化城市管理（演示）
english.DemoTitle=gridapp demo

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; the whole bundle; replaced on upgrade (the user's data is elsewhere)
Source: "..\..\dist\gridapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade must not mix old and new Python/Qt files
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{cm:AppTitle}"; Filename: "{app}\gridapp.exe"
Name: "{group}\{cm:DemoTitle}"; Filename: "{app}\gridapp.exe"; Parameters: "--demo"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\gridapp.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\gridapp.exe"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the program folder holds; %APPDATA%\gridapp (the user's data) stays
Type: filesandordirs; Name: "{app}\_internal"
