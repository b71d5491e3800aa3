# The ops test file users copy (examples/swarm.Tests.ps1), run as they would run it, against a swarm on
# lab hosts: green on a healthy swarm, red once a member's droplet is gone (the control: it can fail).
# Needs the lab (root): skipped without it, like the xUnit lab tests, unless $env:CI or SWARMTOOLS_REQUIRE_LAB.
BeforeAll {
    Import-Module $env:SWARMTOOLS_MODULE -Force
    $script:example = Join-Path $PSScriptRoot '../../examples/swarm.Tests.ps1'
    $script:lab = (id -u) -eq '0'
    if (-not $lab -and ($env:CI -eq 'true' -or $env:SWARMTOOLS_REQUIRE_LAB -eq '1')) { throw 'The lab needs root; this run requires the lab.' }
    $script:savedDefaults = $global:PSDefaultParameterValues.Clone()
    $script:savedModulePath = $env:PSModulePath
    if ($lab) {
        Start-SwarmSandbox -BootSeconds 0.5 -SshdDelaySeconds 0 -DockerdDelaySeconds 0 | Out-Null
        $keyFile = Join-Path $TestDrive 'id_ed25519'
        ssh-keygen -q -t ed25519 -N '' -C pester -f $keyFile
        $script:tag = "example-$(Get-Random)"
        $script:knownHosts = Join-Path $TestDrive 'known_hosts'
        # The copied file imports SwarmTools by name: the child pwsh finds the built module first.
        $env:PSModulePath = (Split-Path (Split-Path $env:SWARMTOOLS_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath
        $global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $keyFile; '*-Swarm*:KnownHostsFile' = $knownHosts }
        New-SwarmNode -Count 4 -Name ex -SwarmTag $tag -SshKey "$keyFile.pub" | Initialize-Swarm -ManagerCount 3 -SwarmTag $tag | Out-Null
    }

    function Invoke-Example {
        # In a child pwsh, as a user runs it: its own Pester run, the same key and known_hosts.
        $pester = (Get-Module Pester).Path
        $script = "`$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = '$keyFile'; '*-Swarm*:KnownHostsFile' = '$knownHosts' }; " +
                  "Import-Module '$pester'; `$c = New-PesterContainer -Path '$example' -Data @{ SwarmTag = '$tag' }; " +
                  "`$r = Invoke-Pester -Container `$c -PassThru -Output None; '{0} {1} {2}' -f `$r.PassedCount, `$r.FailedCount, (`$r.Failed.ExpandedName -join '|')"
        $out = dotnet pwsh -NoProfile -NonInteractive -Command $script
        $parts = ($out | Select-Object -Last 1) -split ' ', 3
        [pscustomobject]@{ Passed = [int]$parts[0]; Failed = [int]$parts[1]; FailedNames = $parts[2] }
    }
}

AfterAll {
    if ($lab) {
        Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly
        Stop-SwarmSandbox
    }
    # The files after this one get the session as it was.
    $global:PSDefaultParameterValues = $savedDefaults
    $env:PSModulePath = $savedModulePath
}

Describe 'examples/swarm.Tests.ps1' {
    It 'parses' {
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseFile($example, [ref]$null, [ref]$errors) | Out-Null
        $errors | Should -BeNullOrEmpty
    }

    It 'passes on a healthy lab swarm' {
        if (-not $lab) { Set-ItResult -Skipped -Because 'the lab needs root' }
        $r = Invoke-Example
        $r.FailedNames | Should -BeNullOrEmpty
        $r.Passed | Should -Be 13
    }

    It 'fails, naming the check, once a member''s droplet is gone' {
        if (-not $lab) { Set-ItResult -Skipped -Because 'the lab needs root' }
        Get-SwarmNode -Tag $tag -Name ex4 | Remove-SwarmNode -Force -DropletOnly
        # The API lists a deleted droplet until it really goes (as DigitalOcean does).
        for ($i = 0; $i -lt 30 -and (Get-SwarmNode -Tag $tag -Name ex4 -ErrorAction SilentlyContinue); $i++) { Start-Sleep 1 }
        $r = Invoke-Example
        $r.Failed | Should -BeGreaterThan 0
        $r.FailedNames | Should -Match 'matches its droplets'
    }
}
