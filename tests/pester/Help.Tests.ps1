# Help as users read it: Get-Help on the built module (build.ps1 passes its manifest in $env:SWARMTOOLS_MODULE).
BeforeDiscovery {
    Import-Module $env:SWARMTOOLS_MODULE -Force
    $script:cmdlets = @(Get-Command -Module SwarmTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:SWARMTOOLS_MODULE -Force
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-HelpGap([string] $Name) {
        # What a user would miss in Get-Help -Full for a command; empty when its help is complete.
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $text = { param($items) (@($items) | ForEach-Object { $_.Text }) -join '' }
        if (-not "$($help.Synopsis)".Trim() -or $help.Synopsis -match "^\s*$([regex]::Escape($Name)) ") { "$Name has no synopsis" }
        if (-not (& $text $help.description).Trim()) { "$Name has no description" }
        $documented = @{}
        foreach ($p in @($help.parameters.parameter)) { if ($p) { $documented[$p.name] = (& $text $p.description).Trim() } }
        foreach ($p in $command.Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }) {
            if (-not $documented[$p]) { "$Name -$p has no help" }
        }
        if (@($help.examples.example).Where({ $_ }).Count -lt 2) { "$Name has fewer than two examples" }
        if (-not $help.inputTypes) { "$Name documents no inputs" }
        if (-not $help.returnValues) { "$Name documents no outputs" }
        if (-not (& $text $help.alertSet.alert).Trim()) { "$Name has no notes" }
        $inputs = ($help.inputTypes.inputType | ForEach-Object { $_.type.name; & $text $_.description }) -join ' '
        foreach ($p in $command.Parameters.Values | Where-Object { $_.Attributes.Where({ $_ -is [Parameter] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) }) }) {
            if ($inputs -notmatch "-$($p.Name)\b") { "$Name's inputs do not say what binds to -$($p.Name)" }
        }
    }

    function Get-ExampleMistake([string] $Name) {
        # Example code that names a parameter its cmdlet does not have (renamed or removed since).
        foreach ($example in (Get-Help $Name -Examples).examples.example) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $null, [ref] $null)
            foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $command = Get-Command $call.GetCommandName() -Module SwarmTools -ErrorAction Ignore
                if (-not $command) { continue }
                foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    $names = $command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases }
                    if (-not ($names -like "$($p.ParameterName)*")) { "$Name example '$($example.code)': $($command.Name) has no -$($p.ParameterName)" }
                }
            }
        }
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    It 'is complete: synopsis, description, every parameter, inputs, outputs, notes, two examples' {
        Get-HelpGap $Name | Should -BeNullOrEmpty
    }

    It 'has examples that use only real parameters' {
        Get-ExampleMistake $Name | Should -BeNullOrEmpty
    }

    It 'answers Get-Help -Examples and -Parameter' {
        (Get-Help $Name -Examples | Out-String) | Should -Match 'Example 2:'
        $first = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common } | Select-Object -First 1
        (Get-Help $Name -Parameter $first | Out-String) | Should -Match "-$first"
    }
}

Describe 'The help checks' {
    It 'find the gaps of a command without help, and examples that name a missing parameter' {
        # Positive controls: the checks above would catch what they look for.
        function Test-NoHelp { [CmdletBinding()] param([Parameter(ValueFromPipeline)] $Thing) }
        $gaps = Get-HelpGap Test-NoHelp
        $gaps | Should -Contain 'Test-NoHelp has no description'
        $gaps | Should -Contain 'Test-NoHelp -Thing has no help'
        $gaps | Should -Contain 'Test-NoHelp has fewer than two examples'
        $gaps | Should -Contain "Test-NoHelp's inputs do not say what binds to -Thing"
        Mock Get-Help { [pscustomobject]@{ examples = [pscustomobject]@{ example = @([pscustomobject]@{ code = 'New-SwarmNode -Count 3 -Colour blue' }) } } } -ParameterFilter { $Examples }
        Get-ExampleMistake New-SwarmNode | Should -Match 'New-SwarmNode has no -Colour'
    }
}

Describe 'The module''s help' {
    It 'shows the three-managers pipeline among the examples' {
        (Get-Help New-SwarmNode -Examples).examples.example.code | Should -Contain 'New-SwarmNode -Count 3 | Initialize-Swarm -ManagerCount 3'
    }

    It 'has about_SwarmTools: the classic walkthrough, $PSDefaultParameterValues, the sandbox, real DigitalOcean, host keys, error ids' {
        $about = Get-Help about_SwarmTools | Out-String
        foreach ($topic in 'New-SwarmNode -Count 3 | Initialize-Swarm -ManagerCount 3', 'PSDefaultParameterValues', 'Start-SwarmSandbox',
            'DIGITALOCEAN_TOKEN', 'HOST-KEY PINNING', 'HostKeyMismatch', 'ERRORS') {
            $about | Should -BeLike "*$topic*"
        }
    }
}
