@{
    RootModule           = 'SwarmTools.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f3c2a8e-5d1b-4f7a-9c2e-8b4d1e0a7f35'
    Author               = 'SwarmTools'
    CompanyName          = 'SwarmTools'
    Copyright            = '(c) SwarmTools. MIT License.'
    Description          = 'Builds and runs Docker Swarm clusters on DigitalOcean as one pipeline of typed objects: New-SwarmNode -Count 3 | Initialize-Swarm -ManagerCount 3 | Set-SwarmFirewall. Ships a local DigitalOcean-compatible sandbox.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    # The types users hold ([SwarmTools.SwarmNode], …), loaded at import so scripts can name them.
    RequiredAssemblies   = @('SwarmTools.Model.dll')
    FormatsToProcess     = @('SwarmTools.format.ps1xml')
    CmdletsToExport      = @(
        'New-SwarmNode'
        'Get-SwarmNode'
        'Remove-SwarmNode'
        'Import-SwarmNode'
        'Initialize-Swarm'
        'Join-SwarmNode'
        'Set-SwarmNode'
        'Get-Swarm'
        'Test-Swarm'
        'Invoke-SwarmCommand'
        'Use-SwarmNode'
        'Set-SwarmFirewall'
        'Get-SwarmFirewall'
        'Remove-SwarmFirewall'
        'Start-SwarmSandbox'
        'Stop-SwarmSandbox'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('DigitalOcean', 'Docker', 'Swarm', 'Cluster', 'SSH', 'Linux')
            ProjectUri = 'https://github.com/swarmtools/swarmtools'
        }
    }
}
