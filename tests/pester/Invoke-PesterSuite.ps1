<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the counts as JSON for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
$env:SWARMTOOLS_MODULE = $ModuleManifest

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config

# Blocks that failed in BeforeAll count as failures too: a suite that cannot start must not look green.
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
    FailedNames = @($result.Failed | ForEach-Object ExpandedPath) + @($result.FailedBlocks | ForEach-Object ExpandedPath) + @($result.FailedContainers | ForEach-Object Name)
} | ConvertTo-Json | Set-Content -Path $ResultPath

