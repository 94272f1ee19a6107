<#
.SYNOPSIS
  Makes sure PoG's Portfolio Manager runs: one `pog watchdog --once`, for the Windows Task Scheduler.

.DESCRIPTION
  Checks PM's /api/status; when nothing listens on PM's port it starts PM detached and waits until it answers.
  It never starts a second copy (a port held by something else is reported, exit 3) and never stops anything.
  The watchdog logs its actions to <PM dataDir>\watchdog.log; this script appends what it printed, with the time,
  to var\pm_watchdog.task.log. PM's own output goes to <PM dataDir>\pm.out.

  Exit codes (the watchdog's):
    0  PM is up: it was already answering, or it was started and answers now
    1  PM could not be started (see <PM dataDir>\pm.out)
    2  bad configuration or command line
    3  PM's port is held by something that is not PM: nothing was started

  Run it every minute (from an elevated prompt; adjust C:\pog, and the user PoG runs as):
    schtasks /Create /F /TN "PoG\pm-watchdog" /SC MINUTE /MO 1 /RU "%USERDOMAIN%\%USERNAME%" /RP * /TR "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File C:\pog\deploy\windows\pm_watchdog.ps1"
  The blind window after a PM crash is then up to a minute plus PM's start; `pog watchdog` (the loop) or a
  service wrapper brings it down to seconds.

.PARAMETER PogHome
  The PoG directory (pog.cmd, config\, var\). Default: two levels above this script.
.PARAMETER Config
  PM's configuration, relative to PogHome or absolute. Default: config\pm.yaml.
#>
param(
    [string]$PogHome = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path,
    [string]$Config = 'config\pm.yaml',
    [int]$TimeoutMs = 800,
    [int]$StartTimeoutMs = 60000
)
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PogHome
$taskLog = Join-Path $PogHome 'var\pm_watchdog.task.log'
New-Item -ItemType Directory -Force -Path (Split-Path $taskLog) | Out-Null
Add-Content -LiteralPath $taskLog -Value ("{0} pm_watchdog.ps1: checking PM ({1})" -f (Get-Date).ToString('o'), $Config)

# The output goes to a file through cmd, never through a pipe to this script: PM, started by the watchdog, would
# inherit the pipe and this script would then wait for PM to exit. WaitForExit waits for the watchdog only.
$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = $env:ComSpec
$psi.Arguments = '/d /c call "{0}\pog.cmd" watchdog --once --config "{1}" --timeout-ms {2} --start-timeout-ms {3} >> "{4}" 2>&1' -f `
    $PogHome, $Config, $TimeoutMs, $StartTimeoutMs, $taskLog
$psi.WorkingDirectory = $PogHome
$psi.UseShellExecute = $false
$psi.CreateNoWindow = $true
$watchdog = [System.Diagnostics.Process]::Start($psi)
$watchdog.WaitForExit()
$code = $watchdog.ExitCode
Add-Content -LiteralPath $taskLog -Value ("{0} pm_watchdog.ps1: exit {1}" -f (Get-Date).ToString('o'), $code)
exit $code
