# Pester 5 against the built module (build.ps1 passes its manifest in $env:SWARMTOOLS_MODULE).
BeforeAll {
    Import-Module $env:SWARMTOOLS_MODULE -Force
    $script:sandbox = Start-SwarmSandbox -ApiOnly -BootSeconds 1
    $keyFile = Join-Path $TestDrive 'id_ed25519'
    ssh-keygen -q -t ed25519 -N '' -C pester -f $keyFile
    $script:key = "$keyFile.pub"

    function Get-SandboxRequest {
        # The sandbox's request log: what the module really sent.
        $headers = @{ Authorization = "Bearer $env:DIGITALOCEAN_TOKEN" }
        (Invoke-RestMethod -Uri "$($sandbox.ApiUrl)_sandbox/requests" -Headers $headers).requests
    }
}

AfterAll {
    Stop-SwarmSandbox
}

Describe 'Start-SwarmSandbox' {
    It 'points the session at the sandbox' {
        $sandbox.ApiUrl | Should -Match '^http://127\.0\.0\.1:\d+/$'
        $env:DIGITALOCEAN_API_URL | Should -Be $sandbox.ApiUrl.ToString()
        $env:DIGITALOCEAN_TOKEN | Should -Match '^dop_v1_[0-9a-f]{64}$'
        $sandbox.Running | Should -BeTrue
    }

    It 'refuses a second sandbox in the same session' {
        { Start-SwarmSandbox -ApiOnly } | Should -Throw -ErrorId 'SandboxAlreadyRunning,SwarmTools.Commands.StartSwarmSandbox'
    }

    It 'does not show the token as a property' {
        $sandbox.PSObject.Properties.Name | Should -Not -Contain 'Token'
        ($sandbox | Format-List * | Out-String) | Should -Not -Match 'dop_v1_'
    }
}

Describe 'New-SwarmNode, Get-SwarmNode, Remove-SwarmNode' {
    It 'creates node1, node2 and node3 and emits them ready' {
        $nodes = New-SwarmNode -WaitFor Active -Count 3 -SwarmTag seed -SshKey $key
        $nodes | Should -HaveCount 3
        $nodes[0] | Should -BeOfType ([SwarmTools.SwarmNode])
        ($nodes.Name | Sort-Object) | Should -Be @('node1', 'node2', 'node3')
        $nodes.Status | Should -Not -Contain 'new'
        # An API-only sandbox: its public addresses are never a lab host's.
        $nodes | ForEach-Object { $_.PublicAddress | Should -Match '^100\.64\.' }
        $nodes | ForEach-Object { $_.PrivateAddress | Should -Match '^198\.19\.' }
    }

    It 'lists them with Get-SwarmNode, by tag and by wildcard' {
        (Get-SwarmNode -Tag seed).Name | Should -Be @('node1', 'node2', 'node3')
        (Get-SwarmNode -Tag seed -Name node2).Name | Should -Be 'node2'
        (Get-SwarmNode -Tag seed -Name 'node[13]').Name | Should -Be @('node1', 'node3')
    }

    It 'reports a missing name with a stable error id' {
        { Get-SwarmNode -Tag seed -Name node9 -ErrorAction Stop } | Should -Throw -ErrorId 'NodeNotFound,SwarmTools.Commands.GetSwarmNode'
    }

    It 'removes them from the pipeline' {
        Get-SwarmNode -Tag seed | Remove-SwarmNode -Force -DropletOnly
        Get-SwarmNode -Tag seed | Should -BeNullOrEmpty
    }

    It 'creates twelve nodes in two batches (at most 10 names per call)' {
        $before = @(Get-SandboxRequest).Count
        $nodes = New-SwarmNode -WaitFor Active -Count 12 -Name big -SwarmTag twelve -SshKey $key
        $nodes | Should -HaveCount 12
        $posts = @(Get-SandboxRequest | Select-Object -Skip $before | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v2/droplets' })
        $posts | Should -HaveCount 2
        (($posts | ForEach-Object { ($_.request_body | ConvertFrom-Json).names.Count }) | Sort-Object) | Should -Be @(2, 10)
        Get-SwarmNode -Tag twelve | Remove-SwarmNode -Force -DropletOnly
    }

    It 'creates nothing with -WhatIf' {
        $before = @(Get-SandboxRequest).Count
        # -ErrorAction Stop: "no POST" alone is also what a failed run leaves.
        { $script:whatIf = New-SwarmNode -WaitFor Active -Count 3 -SwarmTag whatif -SshKey $key -WhatIf -ErrorAction Stop } | Should -Not -Throw
        $whatIf | Should -BeNullOrEmpty
        @(Get-SandboxRequest | Select-Object -Skip $before | Where-Object method -eq 'GET') | Should -Not -BeNullOrEmpty # it validated against the API
        @(Get-SandboxRequest | Select-Object -Skip $before | Where-Object method -ne 'GET') | Should -HaveCount 0
    }

    It 'refuses bad input before creating anything, with stable error ids' -TestCases @(
        @{ Arguments = @{ Region = 'mars1' }; ErrorId = 'InvalidRegion' }
        @{ Arguments = @{ Size = 'huge' }; ErrorId = 'InvalidSize' }
        @{ Arguments = @{ Image = 'nope' }; ErrorId = 'InvalidImage' }
        @{ Arguments = @{ Name = 'bad_name' }; ErrorId = 'InvalidName' }
    ) {
        param($Arguments, $ErrorId)
        $before = @(Get-SandboxRequest).Count
        { New-SwarmNode @Arguments -SwarmTag bad -SshKey $key } | Should -Throw -ErrorId "$ErrorId,SwarmTools.Commands.NewSwarmNode"
        @(Get-SandboxRequest | Select-Object -Skip $before | Where-Object method -ne 'GET') | Should -HaveCount 0
    }
}

Describe 'Keys follow the nodes' {
    It 'records the key a node was made with, and finds its private key in this session and in another one' {
        $keys = New-Item -ItemType Directory (Join-Path $TestDrive 'keys')
        ssh-keygen -q -t ed25519 -N '' -C ops -f (Join-Path $keys 'ops')
        $node = New-SwarmNode -WaitFor Active -Name keyed1 -SwarmTag keys -SshKey (Join-Path $keys 'ops.pub')
        $node.Tags | Should -Contain ('swarmtools-key:' + ((ssh-keygen -l -E md5 -f (Join-Path $keys 'ops.pub')) -split ' ')[1].Substring(4))
        (Get-SwarmNode -Tag keys).IdentityFile | Should -Be (Join-Path $keys 'ops')

        # Another process knows nothing of this one: its ~/.ssh holds the private key alone, under another name.
        $otherHome = New-Item -ItemType Directory (Join-Path $TestDrive 'home/.ssh') -Force
        Copy-Item (Join-Path $keys 'ops') (Join-Path $otherHome 'deploy')
        $pwsh = (Get-Process -Id $PID).Path
        $script = "Import-Module '$env:SWARMTOOLS_MODULE'; (Get-SwarmNode -Tag keys).IdentityFile"
        $env:HOME, $savedHome = (Split-Path $otherHome), $env:HOME
        try { $found = & $pwsh (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $script }
        finally { $env:HOME = $savedHome }
        $found | Should -Be (Join-Path $otherHome 'deploy')
        Get-SwarmNode -Tag keys | Remove-SwarmNode -Force -DropletOnly
    }
}

Describe 'Formats' {
    It 'shows nodes like docker-machine ls' {
        $node = New-SwarmNode -WaitFor Active -Name fmt1 -SwarmTag formats -SshKey $key
        $table = $node | Out-String -Width 160
        $table | Should -Match 'NAME\s+STATUS\s+REGION\s+SIZE\s+PUBLIC ADDRESS\s+PRIVATE ADDRESS\s+ROLE\s+MANAGER STATUS\s+DOCKER'
        $table | Should -Match 'fmt1\s+active\s+nyc3\s+s-1vcpu-1gb\s+100\.64\.'
        $node | Remove-SwarmNode -Force -DropletOnly
    }

    It 'shows the sandbox as a table' {
        ($sandbox | Out-String) | Should -Match 'API URL\s+MODE\s+PID'
    }
}

Describe 'Module' {
    It 'loads the engine and its libraries in their own load context, and its types by name in the default one' {
        $null = Get-SwarmNode -Tag load-context    # makes sure the engine is loaded
        $engine = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SwarmTools.Engine' }
        $engine | Should -HaveCount 1
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).GetType().Name | Should -Be 'EngineLoadContext'
        $engine.Location | Should -BeLike '*Dependencies*SwarmTools.Engine.dll'
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([SwarmTools.SwarmNode].Assembly) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'names the engine''s load context' {
        $null = Get-SwarmNode -Tag load-context
        $engine = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SwarmTools.Engine' }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name | Should -Be 'SwarmTools.Engine'
    }

    It 'can be removed and imported again in one session' {
        # While imported, the module answers the default context's requests for its engine (and only then).
        $default = [System.Runtime.Loader.AssemblyLoadContext]::Default
        $engineName = [System.Reflection.AssemblyName]::new('SwarmTools.Engine')
        $default.LoadFromAssemblyName($engineName).Location | Should -BeLike '*Dependencies*SwarmTools.Engine.dll'

        Remove-Module SwarmTools
        Get-Module SwarmTools | Should -BeNullOrEmpty
        { $default.LoadFromAssemblyName($engineName) } | Should -Throw '*SwarmTools.Engine*'

        Import-Module $env:SWARMTOOLS_MODULE
        $default.LoadFromAssemblyName($engineName).Location | Should -BeLike '*Dependencies*SwarmTools.Engine.dll'
        # Remove-Module stopped the session's sandbox (Module.Tests.ps1): this session needs a new one.
        $script:sandbox = Start-SwarmSandbox -ApiOnly -BootSeconds 1
        New-SwarmNode -WaitFor Active -Name again1 -SwarmTag reimport -SshKey $key | Should -HaveCount 1
        Get-SwarmNode -Tag reimport | Remove-SwarmNode -Force -DropletOnly
        @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SwarmTools.Engine' }) | Should -HaveCount 1
    }

    It 'exports its cmdlets with help-friendly metadata' {
        $commands = Get-Command -Module SwarmTools
        $commands.Name | Should -Contain 'New-SwarmNode'
        $commands | ForEach-Object { $_.OutputType | Should -Not -BeNullOrEmpty -Because "$($_.Name) declares its output" }
    }

    It 'completes regions, sizes and images from the API catalogue only' {
        function Complete($line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
        Complete 'New-SwarmNode -WaitFor Active -Region ny' | Should -Be @('nyc1', 'nyc3')
        Complete 'New-SwarmNode -WaitFor Active -Region sfo' | Should -Be @('sfo3') -Because 'sfo1 takes no droplets'
        Complete 'New-SwarmNode -WaitFor Active -Size s-1v' | Should -Contain 's-1vcpu-1gb'
        Complete 'New-SwarmNode -WaitFor Active -Region blr1 -Size s-8' | Should -BeNullOrEmpty -Because 'blr1 does not offer s-8vcpu-16gb'
        Complete 'New-SwarmNode -WaitFor Active -Image docker-' | Should -Be @('docker-24-04', 'docker-22-04') -Because 'docker-20-04 is retired and docker-agent is no plain Docker'
        Complete 'New-SwarmNode -WaitFor Active -Region blr1 -Image docker-' | Should -Be @('docker-22-04')
    }

    It 'completes nothing without a token rather than guessing' {
        $saved = $env:DIGITALOCEAN_TOKEN
        try {
            $env:DIGITALOCEAN_TOKEN = $null
            (TabExpansion2 -inputScript 'New-SwarmNode -Region ny' -cursorColumn 24).CompletionMatches | Where-Object ResultType -eq ParameterValue | Should -BeNullOrEmpty
        }
        finally { $env:DIGITALOCEAN_TOKEN = $saved }
    }
}
