# Pester 5 against the built module (build.ps1 passes its manifest in $env:SWARMTOOLS_MODULE).
# Each test runs in a child pwsh: removing the module must not touch the suite's own session.

Describe 'Remove-Module SwarmTools' {
    BeforeAll {
        function Invoke-Child([string] $Script) {
            $json = dotnet pwsh -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; Import-Module '$env:SWARMTOOLS_MODULE'; $Script" 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($json -join "`n")
            ($json | Select-Object -Last 1) | ConvertFrom-Json
        }
    }

    It 'stops the session''s sandbox and points the session back where it was' {
        $r = Invoke-Child @'
$env:DIGITALOCEAN_API_URL = 'http://before.invalid/'; $env:DIGITALOCEAN_TOKEN = 'before'
$sb = Start-SwarmSandbox -ApiOnly; $id = $sb.ProcessId
$during = $env:DIGITALOCEAN_API_URL
$alive = [bool](Get-Process -Id $id -ErrorAction Ignore)
Remove-Module SwarmTools
Start-Sleep -Milliseconds 500
[pscustomobject]@{ During = $during; AliveBefore = $alive; AliveAfter = [bool](Get-Process -Id $id -ErrorAction Ignore)
    Url = $env:DIGITALOCEAN_API_URL; Token = $env:DIGITALOCEAN_TOKEN } | ConvertTo-Json -Compress
'@
        $r.During | Should -Match '^http://127\.0\.0\.1:\d+/$'   # the sandbox did take over the session...
        $r.AliveBefore | Should -BeTrue                          # ...and ran
        $r.AliveAfter | Should -BeFalse
        $r.Url | Should -Be 'http://before.invalid/'
        $r.Token | Should -Be 'before'
    }

    It 'leaves the variables alone when the session was pointed elsewhere since' {
        $r = Invoke-Child @'
$sb = Start-SwarmSandbox -ApiOnly; $id = $sb.ProcessId
$env:DIGITALOCEAN_API_URL = 'http://elsewhere.invalid/'
Remove-Module SwarmTools
Start-Sleep -Milliseconds 500
[pscustomobject]@{ AliveAfter = [bool](Get-Process -Id $id -ErrorAction Ignore); Url = $env:DIGITALOCEAN_API_URL } | ConvertTo-Json -Compress
'@
        $r.AliveAfter | Should -BeFalse
        $r.Url | Should -Be 'http://elsewhere.invalid/'
    }
}

Describe 'The manifest' {
    BeforeAll {
        $script:folder = Split-Path $env:SWARMTOOLS_MODULE
        $script:data = Import-PowerShellDataFile $env:SWARMTOOLS_MODULE
    }

    It 'lists exactly the files the module ships' {
        $shipped = Get-ChildItem $folder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($folder, $_.FullName) } | Sort-Object
        $shipped.Count | Should -BeGreaterThan 10   # the folder is the assembled module, not an empty one
        $shipped | Should -Contain 'LICENSE'
        @($data.FileList | Sort-Object) | Should -Be @($shipped)
        { Test-ModuleManifest $env:SWARMTOOLS_MODULE -ErrorAction Stop } | Should -Not -Throw
    }

    It 'has what the PowerShell Gallery shows' {
        $psData = $data.PrivateData.PSData
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.ProjectUri | Should -Match '^https://'
        $psData.LicenseUri | Should -Match '^https://.+LICENSE$'
        $psData.ReleaseNotes | Should -Match "^$([regex]::Escape($data.ModuleVersion)): "
    }
}
