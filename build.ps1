#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates SwarmTools.
.DESCRIPTION
    build  compiles the solution and assembles out/SwarmTools/, an importable module folder
           (the sandbox server included, under sandbox/).
    test   builds, then runs the Pester suite (in a child pwsh) and the xUnit suite and ends with
           one line "Tests: N passed, N failed, N skipped" summing both. Exits 1 on any failure.
           Lab tests need root; without it they are skipped ("needs root"), unless -RequireLab
           or CI=true, where they are required.
    unit   builds the test project and runs only the Unit tests (xUnit trait Category=Unit): swarm
           formation, member changes and firewalls on simulated hosts, rules, parsers. No built
           module, no root, no sandbox, no Pester; well under a minute on two cores. The loop to run
           while changing code; `test` stays the proof.
    demo   builds, then runs the walkthrough on the local sandbox and shows what a user sees.
    bench  builds, then measures time to a swarm on lab hosts (N = 3, 10, 25) against the ideal and
           against the sequential walkthrough, and the same pipeline at N = 50, 100, 250 against
           simulated hosts; prints one "time-to-swarm:" line per N and writes out/bench/report.md
           (docs/benchmarks.md). Takes about 25 minutes (-LabSizes 3,10: about 12); never part of
           test. Run it under the lab lock.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 test
.EXAMPLE
    dotnet pwsh ./build.ps1 unit -Filter FullyQualifiedName~Formation
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'unit', 'demo', 'bench')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # test: lab tests fail instead of being skipped when they cannot run (as where CI=true).
    [switch] $RequireLab,

    # unit, test: an xUnit filter (dotnet test --filter syntax), e.g. FullyQualifiedName~Formation or
    # Category=Sandbox. test with a filter runs only those xUnit tests: no Pester, and the contract
    # test, which judges a whole run, skips.
    [string] $Filter,

    # bench: how long droplets stay 'new' before they turn active (sshd and dockerd come later still).
    [double] $BootSeconds = 20,

    # bench: the swarm sizes built on lab hosts ('none' for the simulation only).
    [string] $LabSizes = '3,10,25'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$module = Join-Path $out 'SwarmTools'
$results = Join-Path $out 'test-results'
. (Join-Path $root 'tools/LabPackages.ps1')

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Update-SpecScopes {
    # The sandbox's scope table comes from DigitalOcean's OpenAPI description (never copied into the
    # repo): refreshed here when the description is at hand; without it the checked-in table is
    # built as it is (SpecScopesTests, which need the description, check it matches).
    $spec = if ($env:SWARMTOOLS_OPENAPI) { $env:SWARMTOOLS_OPENAPI } else { Join-Path $root '../shared/digitalocean/openapi.yaml' }
    $table = Join-Path $root 'src/SwarmTools.Sandbox/Middleware/SpecScopes.g.cs'
    if (-not (Test-Path $spec)) {
        Write-Warning "No OpenAPI description at $spec (set SWARMTOOLS_OPENAPI): the sandbox's scope table is built as checked in."
        return
    }
    Invoke-Native 'scope table' { dotnet run --project (Join-Path $root 'tools/SpecScopes/SpecScopes.csproj') -c $Configuration -- $spec $table }
}

function Set-FileList {
    # The manifest's FileList names every file the module folder holds, written from the folder itself so it never drifts.
    $manifest = Join-Path $module 'SwarmTools.psd1'
    $files = Get-ChildItem $module -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($module, $_.FullName) } | Sort-Object
    $list = ($files | ForEach-Object { "        '$($_ -replace "'", "''")'" }) -join "`n"
    $text = Get-Content $manifest -Raw
    if ($text -notmatch 'FileList\s+= @\(\)') { throw "SwarmTools.psd1 has no 'FileList = @()' for the build to fill." }
    Set-Content $manifest ($text -replace 'FileList(\s+)= @\(\)', "FileList`$1= @(`n$list`n    )") -NoNewline
}

function Invoke-Build {
    Update-SpecScopes
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'SwarmTools.sln') -c $Configuration --nologo -v quiet }
    if (Test-Path $module) { Remove-Item $module -Recurse -Force }
    Invoke-Native 'publish module' { dotnet publish (Join-Path $root 'src/SwarmTools/SwarmTools.csproj') -c $Configuration --no-build --nologo -v quiet -o $module }
    # Only the cmdlets stay beside the manifest; the engine and its libraries load from
    # Dependencies/ into their own load context (see ModuleInitializer.cs).
    $dependencies = New-Item -ItemType Directory (Join-Path $module 'Dependencies')
    Get-ChildItem $module -File | Where-Object Name -NotMatch '^SwarmTools(\.Model)?\.(dll|pdb)$' | Move-Item -Destination $dependencies
    Remove-Item (Join-Path $dependencies 'SwarmTools.deps.json')
    Invoke-Native 'publish sandbox' { dotnet publish (Join-Path $root 'src/SwarmTools.Sandbox/SwarmTools.Sandbox.csproj') -c $Configuration --no-build --nologo -v quiet -o (Join-Path $module 'sandbox') }
    Copy-Item (Join-Path $root 'SwarmTools.psd1') $module
    Copy-Item (Join-Path $root 'src/SwarmTools/SwarmTools.format.ps1xml') $module
    Copy-Item (Join-Path $root 'LICENSE') $module
    # Help from the XML doc comments, the examples files and the cmdlets' metadata (tools/Build-Help.ps1);
    # the doc comment files themselves do not ship.
    $docs = Get-ChildItem $dependencies -Filter 'SwarmTools*.xml'
    Invoke-Native 'help' { dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tools/Build-Help.ps1') -ModuleFolder $module `
        -DocumentationFile ($docs.FullName -join ',') -SourceFolder (Join-Path $root 'src/SwarmTools') -AboutTemplate (Join-Path $root 'src/SwarmTools/Help/about_SwarmTools.help.txt') }
    $docs | Remove-Item
    Set-FileList
    Write-Host "Module ready: $(Join-Path $module 'SwarmTools.psd1')"
}

function Get-PesterManifest {
    # The PowerShell Gallery is out of reach: Pester comes from its NuGet package.
    Invoke-Native 'restore Pester' { dotnet restore (Join-Path $root 'tests/pester/pester.restore.csproj') --nologo -v quiet }
    $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $manifest = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester was restored but $manifest is missing." }
    $manifest
}

function Read-XunitCounts([string] $trx) {
    [xml] $doc = Get-Content $trx -Raw
    $c = $doc.TestRun.ResultSummary.Counters
    # Skipped tests are 'NotExecuted' results, but the trx counters leave notExecuted at 0: count them as total − executed.
    $failedNames = @($doc.TestRun.Results.UnitTestResult | Where-Object outcome -ne 'Passed' | Where-Object outcome -ne 'NotExecuted' |
        ForEach-Object { "$($_.testName): $((($_.Output.ErrorInfo.Message) -split "`n")[0])" })
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted; Skipped = [int]$c.total - [int]$c.executed; FailedNames = $failedNames }
}

function Invoke-Unit {
    # Only what the Unit tests need: the test project and its references, no module folder.
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'tests/SwarmTools.Tests/SwarmTools.Tests.csproj') -c $Configuration --nologo -v quiet }
    $unitFilter = if ($Filter) { "Category=Unit&($Filter)" } else { 'Category=Unit' }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    dotnet test (Join-Path $root 'tests/SwarmTools.Tests/SwarmTools.Tests.csproj') -c $Configuration --no-build --nologo --filter $unitFilter
    $code = $LASTEXITCODE
    Write-Host ("Unit tests ran in {0:0} s." -f $clock.Elapsed.TotalSeconds)
    if ($code -ne 0) { exit 1 }
}

function Invoke-FilteredTest {
    Invoke-Build
    Write-Host "Only the xUnit tests matching '$Filter' (no Pester; the contract test skips in a filtered run)." -ForegroundColor Cyan
    dotnet test (Join-Path $root 'tests/SwarmTools.Tests/SwarmTools.Tests.csproj') -c $Configuration --no-build --nologo --filter $Filter
    if ($LASTEXITCODE -ne 0) { exit 1 }
}

function Invoke-Test {
    if ($Filter) { Invoke-FilteredTest; return }
    Install-LabPackage -Also tmux # tmux: the terminal tests send a real Ctrl+C
    Invoke-Build
    if ($RequireLab) { $env:SWARMTOOLS_REQUIRE_LAB = '1' }
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory $results | Out-Null

    # Every sandbox of the run journals its exchanges here; the contract test (last in xUnit)
    # checks them all, so Pester runs first.
    $exchanges = Join-Path $results 'exchanges'
    $env:SWARMTOOLS_SANDBOX_EXCHANGE_LOG = (New-Item -ItemType Directory (Join-Path $exchanges 'pester')).FullName

    Write-Host "`n== Pester ==" -ForegroundColor Cyan
    $pester = Get-PesterManifest
    $pesterResult = Join-Path $results 'pester.json'
    # A child pwsh: the module under test loads into a clean session, as a user's would.
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1') `
        -PesterManifest $pester -ModuleManifest (Join-Path $module 'SwarmTools.psd1') -ResultPath $pesterResult
    $p = if (Test-Path $pesterResult) { Get-Content $pesterResult -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }

    $env:SWARMTOOLS_SANDBOX_EXCHANGE_LOG = (New-Item -ItemType Directory (Join-Path $exchanges 'xunit')).FullName
    $env:SWARMTOOLS_WHOLE_RUN = '1' # the contract test judges every exchange of the run: only an unfiltered one
    Write-Host "`n== xUnit ==" -ForegroundColor Cyan
    dotnet test (Join-Path $root 'tests/SwarmTools.Tests/SwarmTools.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=normal' --results-directory $results
    $trx = Join-Path $results 'xunit.trx'
    $xunit = if (Test-Path $trx) { Read-XunitCounts $trx } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }

    $passed = $xunit.Passed + $p.Passed
    $failed = $xunit.Failed + $p.Failed
    $skipped = $xunit.Skipped + $p.Skipped
    Write-Host ''
    # Named again at the very end, where a log's tail shows them.
    foreach ($name in @($xunit.FailedNames) + @($p.FailedNames) | Where-Object { $_ }) { Write-Host "FAILED: $name" -ForegroundColor Red }
    Write-Host "xUnit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($p.Passed) passed, $($p.Failed) failed, $($p.Skipped) skipped"
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Get-DemoKey {
    # A throwaway key for the demo, so it never touches the user's own keys.
    $dir = Join-Path $out 'demo'
    $key = Join-Path $dir 'id_ed25519'
    if (-not (Test-Path "$key.pub")) {
        New-Item -ItemType Directory $dir -Force | Out-Null
        Invoke-Native 'ssh-keygen' { ssh-keygen -q -t ed25519 -N '' -C 'swarmtools-demo' -f $key }
    }
    "$key.pub"
}

function Show-Command([string] $Line) { Write-Host "`nPS> $Line" -ForegroundColor Cyan }

function Invoke-Demo {
    Install-LabPackage
    Invoke-Build
    Import-Module (Join-Path $module 'SwarmTools.psd1') -Force
    $key = Get-DemoKey
    # The demo's own key and trust store, so it never touches the user's ~/.ssh.
    $PSDefaultParameterValues = @{
        '*-Swarm*:IdentityFile'   = $key -replace '\.pub$', ''
        '*-Swarm*:KnownHostsFile' = Join-Path $out 'demo/known_hosts'
    }
    $lab = (id -u) -eq '0'
    Show-Command 'Start-SwarmSandbox'
    $sandbox = Start-SwarmSandbox -ApiOnly:(-not $lab) -BootSeconds 2
    try {
        $sandbox | Out-Host
        if ($lab) {
            Show-Command 'New-SwarmNode -Count 3 -Size 1gb | Initialize-Swarm -ManagerCount 3 | Set-SwarmFirewall -PassThru'
            New-SwarmNode -Count 3 -Size 1gb -SshKey $key | Initialize-Swarm -ManagerCount 3 | Set-SwarmFirewall -PassThru | Out-Host
            Show-Command 'Get-SwarmFirewall -InputObject (Get-SwarmNode -Name node1)'
            Get-SwarmFirewall -InputObject (Get-SwarmNode -Name node1) | Out-Host
            Show-Command "Get-SwarmNode -Name node1 | Invoke-SwarmCommand 'docker node ls'"
            (Get-SwarmNode -Name node1 | Invoke-SwarmCommand 'docker node ls').StandardOutput | Out-Host
            Show-Command 'Get-SwarmNode | Remove-SwarmNode -Force'
            Get-SwarmNode | Remove-SwarmNode -Force -Verbose 4>&1 | Where-Object { $_ -notmatch 'token from' } | Out-Host
        }
        else {
            Write-Warning 'Not root: the sandbox runs API-only, so the demo creates and removes droplets without forming a swarm.'
            Show-Command 'New-SwarmNode -Count 3 -Size 1gb -WaitFor Active'
            New-SwarmNode -Count 3 -Size 1gb -SshKey $key -WaitFor Active | Out-Host
            Show-Command 'Get-SwarmNode | Remove-SwarmNode -Force -DropletOnly'
            Get-SwarmNode | Remove-SwarmNode -Force -DropletOnly
        }
        Show-Command 'Get-SwarmNode   # nothing left'
        Get-SwarmNode | Out-Host
    }
    finally {
        Stop-SwarmSandbox $sandbox
    }
}

function Invoke-Benchmark {
    Install-LabPackage
    Invoke-Build
    # The benchmark hosts the built module in its own runspace (tests/SwarmTools.Bench).
    $bench = Join-Path $root "tests/SwarmTools.Bench/bin/$Configuration/net10.0/SwarmTools.Bench.dll"
    dotnet $bench --module $module --report (Join-Path $out 'bench') --boot-seconds $BootSeconds --lab $LabSizes
    if ($LASTEXITCODE -ne 0) { exit 1 }
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'unit' { Invoke-Unit }
    'demo' { Invoke-Demo }
    'bench' { Invoke-Benchmark }
}
