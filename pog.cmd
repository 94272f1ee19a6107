@echo off
rem PoG launcher for Windows: builds app\target\pog.jar on first use and when sources changed, then runs it.
rem   POG_JAVA_OPTS="..."  JVM options (default: small heap, serial GC, C1 only; pog pm: PM's own, see :run)
rem   POG_SKIP_BUILD=1     never build
rem Only sources decide staleness: every pom.xml and each module's src\main (never target\, var\, .git,
rem node_modules, nor bench\, which is not in the jar). A rebuild is made aside as app\target\pog-next.jar and then
rem moved over pog.jar. Windows cannot replace a jar that a running JVM has open: while PoG services run from it,
rem the new build waits in pog-next.jar, this says so and runs the previous build; it moves in once they stopped.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%app\target\pog.jar"
set "NEXT=%HERE%app\target\pog-next.jar"
if "%POG_SKIP_BUILD%"=="1" goto run

rem a build that could not be moved in earlier goes first
if exist "%NEXT%" if exist "%JAR%" call :swap || goto run

set "STALE="
if not exist "%JAR%" set "STALE=1"
if defined STALE goto build
for /f "usebackq delims=" %%S in (`powershell -NoProfile -NonInteractive -Command "$j=(Get-Item -LiteralPath $env:JAR).LastWriteTimeUtc; $r=$env:HERE; $s=@(Get-Item -LiteralPath (Join-Path $r 'pom.xml')); Get-ChildItem -LiteralPath $r -Directory | Where-Object { @('bench','target','var','node_modules') -notcontains $_.Name } | ForEach-Object { $p=Join-Path $_.FullName 'pom.xml'; if (Test-Path -LiteralPath $p) { $s+=Get-Item -LiteralPath $p }; $m=Join-Path $_.FullName 'src\main'; if (Test-Path -LiteralPath $m) { $s+=Get-ChildItem -LiteralPath $m -Recurse -File } }; if ($s | Where-Object { $_.LastWriteTimeUtc -gt $j } | Select-Object -First 1) { 'stale' }"`) do set "STALE=1"
if not defined STALE goto run

:build
echo pog: building %JAR% (first run or sources changed; takes a minute)... 1>&2
if exist "%NEXT%" del /f /q "%NEXT%"
pushd "%HERE%"
call mvnw.cmd -q -B -DskipTests -Dpog.jar.name=pog-next -P-onnx -pl app -am package 1>&2
set "BUILD=%ERRORLEVEL%"
popd
if not "%BUILD%"=="0" goto failed
if not exist "%NEXT%" goto failed
if not exist "%JAR%" (
  move /y "%NEXT%" "%JAR%" >nul || goto failed
  goto run
)
call :swap
goto run

:failed
echo pog: build failed; run mvnw.cmd -DskipTests package to see why 1>&2
exit /b 1

:swap
move /y "%NEXT%" "%JAR%" >nul 2>&1
if not errorlevel 1 exit /b 0
echo pog: %JAR% is in use by running PoG processes and Windows cannot replace an open file; running the previous build. The new one waits in %NEXT% and moves in on the first pog call after they stopped (pog stop ID, pog stop-all). 1>&2
exit /b 1

:run
rem PM has its own options, one a line in pm\src\main\resources\pog\pm\jvm.options (the file pog watchdog and pog demo
rem read from the jar); # starts a comment
if "%POG_JAVA_OPTS%"=="" if /i "%~1"=="pm" for /f "usebackq eol=# tokens=1 delims=# " %%O in ("%HERE%pm\src\main\resources\pog\pm\jvm.options") do call set "POG_JAVA_OPTS=%%POG_JAVA_OPTS%% %%O"
if "%POG_JAVA_OPTS%"=="" set "POG_JAVA_OPTS=-XX:+UseSerialGC -Xss512k -Xms16m -Xmx128m -XX:TieredStopAtLevel=1"
java %POG_JAVA_OPTS% -jar "%JAR%" %*
