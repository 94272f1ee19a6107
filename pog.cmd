@echo off
rem PoG launcher for Windows: builds app\target\pog.jar on first use, then runs it.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%app\target\pog.jar"
if not exist "%JAR%" (
  echo pog: building %JAR% ^(first run; takes a minute^)... 1>&2
  pushd "%HERE%"
  call mvnw.cmd -q -B -DskipTests -Dmaven.test.skip=true package 1>&2 || (popd & exit /b 1)
  popd
)
if "%POG_JAVA_OPTS%"=="" set "POG_JAVA_OPTS=-XX:+UseSerialGC -Xss512k -Xms16m -Xmx128m -XX:TieredStopAtLevel=1"
java %POG_JAVA_OPTS% -jar "%JAR%" %*
