<#
.SYNOPSIS
    Ops tests for a running swarm, to copy and adapt: Invoke-Pester ./swarm.Tests.ps1

.DESCRIPTION
    Runs Test-Swarm once against the swarm of -SwarmTag and turns its findings into Pester results:
    one test for each check, failing on that check's Fail findings (warnings are shown, not failed).
    Pass the tag with a container:

        $c = New-PesterContainer -Path ./swarm.Tests.ps1 -Data @{ SwarmTag = 'prod' }
        Invoke-Pester -Container $c -Output Detailed

    Needs the SwarmTools module, an API token ($env:DIGITALOCEAN_TOKEN) and SSH access to the nodes.
#>
param(
    [string] $SwarmTag = 'swarmtools'
)

BeforeAll {
    Import-Module SwarmTools -ErrorAction Stop
    # Read once: every check runs at once, each bounded, so this takes seconds even with a dead node.
    $script:findings = Test-Swarm -SwarmTag $SwarmTag
    foreach ($f in $findings | Where-Object Status -eq Warning) { Write-Warning "$($f.Check) $($f.Target): $($f.Message) $($f.Remedy)" }

    function Get-Failure([string] $Check) {
        # As text, so a failing test shows what failed and how to fix it.
        $findings | Where-Object { $_.Check -eq $Check -and $_.Status -eq 'Fail' } | ForEach-Object { "$($_.Target): $($_.Message) Fix: $($_.Remedy)" }
    }
}

Describe "swarm $SwarmTag" {
    It 'ran every check' {
        ($findings.Check | Sort-Object -Unique) | Should -Be (@('Availability', 'Leader', 'Membership', 'NodeStatus', 'Quorum', 'Replicas', 'SwarmPorts', 'Firewall',
            'Autolock', 'Certificates', 'DiskSpace', 'EngineVersion', 'ClockSkew') | Sort-Object)
    }

    It 'keeps its quorum' { Get-Failure Quorum | Should -BeNullOrEmpty }
    It 'has exactly one leader' { Get-Failure Leader | Should -BeNullOrEmpty }
    It 'has every member Ready' { Get-Failure NodeStatus | Should -BeNullOrEmpty }
    It 'matches its droplets' { Get-Failure Membership | Should -BeNullOrEmpty }
    It 'reaches its swarm ports from every member' { Get-Failure SwarmPorts | Should -BeNullOrEmpty }
    It 'keeps the firewall Set-SwarmFirewall set' { Get-Failure Firewall | Should -BeNullOrEmpty }
    It 'runs every service at its desired replicas' { Get-Failure Replicas | Should -BeNullOrEmpty }
    It 'has no manager locked' { Get-Failure Autolock | Should -BeNullOrEmpty }
    It 'has no expired certificate' { Get-Failure Certificates | Should -BeNullOrEmpty }
    It 'has room where Docker keeps its data' { Get-Failure DiskSpace | Should -BeNullOrEmpty }
    It 'keeps its members'' clocks together' { Get-Failure ClockSkew | Should -BeNullOrEmpty }

    It 'tolerates the loss of a manager' {
        (Get-Swarm -SwarmTag $SwarmTag).FaultTolerance | Should -BeGreaterOrEqual 1
    }
}
