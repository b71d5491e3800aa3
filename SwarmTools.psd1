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
    # Every file the module ships: build.ps1 fills it from the folder it assembled (Module.Tests checks it).
    FileList             = @()
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
        'Deploy-SwarmStack'
        'Get-SwarmStack'
        'Get-SwarmService'
        'Get-SwarmTask'
        'Remove-SwarmStack'
        'Invoke-SwarmMaintenance'
        'New-SwarmSecret'
        'Get-SwarmSecret'
        'Remove-SwarmSecret'
        'Backup-Swarm'
        'Restore-Swarm'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('DigitalOcean', 'Docker', 'Swarm', 'Cluster', 'SSH', 'Linux', 'PSEdition_Core')
            # A placeholder: the project has no public repository yet.
            ProjectUri   = 'https://github.com/swarmtools/swarmtools'
            LicenseUri   = 'https://github.com/swarmtools/swarmtools/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: the first release. New-SwarmNode, Initialize-Swarm, Join-SwarmNode, Set-SwarmNode, Remove-SwarmNode, Import-SwarmNode (adopts docker-machine droplets), Get-Swarm(Node), Invoke-SwarmCommand, Use-SwarmNode; Set/Get/Remove-SwarmFirewall (ufw, a DigitalOcean cloud firewall, or both); Start/Stop-SwarmSandbox, a local DigitalOcean-compatible API whose droplets boot as real hosts as root.'
        }
    }
}
