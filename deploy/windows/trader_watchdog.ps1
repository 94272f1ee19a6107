<#
.SYNOPSIS
  Makes sure one PoG trader runs, for the Windows Task Scheduler: starts it detached when nothing listens on its port.

.DESCRIPTION
  Reads the trader's service id and port from its config (or -Service / -Port), then:
    - the trader answers GET /api/health as itself: nothing to do (exit 0);
    - something else answers, or holds the port without answering: CONFLICT, nothing started (exit 3);
    - nothing listens: starts `pog trader --config <file>` detached (output appended to var\logs\<id>.out) and
      waits until it answers (exit 0), or reports that it exited or stayed silent (exit 1).
  It never stops a trader. A trader whose state directory is locked by a running instance exits at once (exit 3 in
  its log), so two overlapping runs of this script cannot make two copies.
  Use it for traders that PM does not start: in pm.yaml give such a trader `launcher: external`.

  Exit codes: 0 up (or started and answering), 1 could not start it, 2 bad arguments or config, 3 port held by
  something that is not this trader.

  Run it every minute, one task per trader (elevated prompt; adjust C:\pog, the config and the user):
    schtasks /Create /F /TN "PoG\trader-hl" /SC MINUTE /MO 1 /RU "%USERDOMAIN%\%USERNAME%" /RP * /TR "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File C:\pog\deploy\windows\trader_watchdog.ps1 -Config config\trader-hl.yaml"

.PARAMETER Config
  The trader's configuration, relative to PogHome or absolute.
#>
param(
    [Parameter(Mandatory = $true)][string]$Config,
    [string]$PogHome = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path,
    [string]$Service,
    [int]$Port,
    [int]$TimeoutSec = 2,
    [int]$StartTimeoutSec = 120
)
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PogHome
$taskLog = Join-Path $PogHome 'var\trader_watchdog.task.log'
New-Item -ItemType Directory -Force -Path (Join-Path $PogHome 'var\logs') | Out-Null

function Say([string]$line) {
    $text = '{0} trader_watchdog.ps1: {1}' -f (Get-Date).ToString('o'), $line
    Write-Output $text
    Add-Content -LiteralPath $taskLog -Value $text
}

if (-not (Test-Path -LiteralPath $Config)) { Say "config error: $Config not found"; exit 2 }
$yaml = Get-Content -LiteralPath $Config -Raw
if (-not $Service) {
    $m = [regex]::Match($yaml, '(?m)^service:\s*"?([A-Za-z0-9._-]+)"?\s*(#.*)?$')
    if (-not $m.Success) { Say "config error: ${Config}: no 'service:' line (or pass -Service)"; exit 2 }
    $Service = $m.Groups[1].Value
}
if (-not $Port) {
    $m = [regex]::Match($yaml, '(?m)^port:\s*(\d+)\s*(#.*)?$')
    $Port = if ($m.Success) { [int]$m.Groups[1].Value } else { 9002 }
}
if ($Port -le 0) { Say "config error: ${Config}: port must be fixed to be watched"; exit 2 }

# 'ok' (it is our trader), 'nothing' (refused), 'foreign:<detail>' (someone else or silent)
function Probe {
    $tcp = New-Object System.Net.Sockets.TcpClient
    try {
        $connect = $tcp.BeginConnect('127.0.0.1', $Port, $null, $null)
        if (-not $connect.AsyncWaitHandle.WaitOne($TimeoutSec * 1000)) { return 'foreign:connect timed out' }
        try { $tcp.EndConnect($connect) } catch { return 'nothing' }
    } finally { $tcp.Close() }
    try {
        $h = Invoke-RestMethod -Uri "http://127.0.0.1:$Port/api/health" -TimeoutSec $TimeoutSec -UseBasicParsing
    } catch {
        return "foreign:port held but no trader answer ($($_.Exception.Message))"
    }
    if ($h.service -eq $Service) { return 'ok' }
    return "foreign:answers as '$($h.service)', not '$Service'"
}

$seen = Probe
if ($seen -eq 'ok') { exit 0 }
if ($seen -ne 'nothing') { Say "CONFLICT: 127.0.0.1:$Port $($seen.Substring(8)); not starting $Service"; exit 3 }

$out = Join-Path $PogHome "var\logs\$Service.out"
$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = $env:ComSpec
# output to a file, never a pipe to this script; the trader outlives the script and the task
$psi.Arguments = '/d /c call "{0}\pog.cmd" trader --config "{1}" >> "{2}" 2>&1' -f $PogHome, $Config, $out
$psi.WorkingDirectory = $PogHome
$psi.UseShellExecute = $false
$psi.CreateNoWindow = $true
$trader = [System.Diagnostics.Process]::Start($psi)
Say "nothing answered on 127.0.0.1:${Port}: started $Service (cmd pid $($trader.Id)), output in $out"

$deadline = (Get-Date).AddSeconds($StartTimeoutSec)
while ((Get-Date) -lt $deadline) {
    Start-Sleep -Milliseconds 500
    if ((Probe) -eq 'ok') { Say "$Service answers"; exit 0 }
    if ($trader.HasExited) { Say "$Service exited with code $($trader.ExitCode) before answering; see $out"; exit 1 }
}
Say "$Service did not answer within $StartTimeoutSec s; see $out"
exit 1
