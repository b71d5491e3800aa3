<#
.SYNOPSIS
    Measures how fast and how frugally SwarmTools builds nodes and swarms on the sandbox, and
    writes a report (out/bench/report.md). Numbers are measurements, never test assertions.
.DESCRIPTION
    API scenarios (API-only sandbox, droplets stay "new" for 1 s): wall time and API requests
    for 1, 10 and 50 nodes. Lab scenarios (root only: droplets boot as real hosts): the seed
    (3 nodes, 3 managers) and a 10-node swarm (3 managers, 7 workers), timed from the create
    request to a ready node and to a formed swarm.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ReportPath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$work = Join-Path ([IO.Path]::GetTempPath()) "swarmtools-bench-$PID"
New-Item -ItemType Directory $work | Out-Null
ssh-keygen -q -t ed25519 -N '' -C bench -f (Join-Path $work 'id_ed25519')
$key = Join-Path $work 'id_ed25519.pub'
$PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = (Join-Path $work 'id_ed25519'); '*-Swarm*:KnownHostsFile' = (Join-Path $work 'known_hosts') }

function Get-RequestLog {
    (Invoke-RestMethod "$($env:DIGITALOCEAN_API_URL)_sandbox/requests" -Headers @{ Authorization = "Bearer $env:DIGITALOCEAN_TOKEN" }).requests
}

function Measure-Scenario([string] $Name, [int] $Nodes, [scriptblock] $Action) {
    $before = @(Get-RequestLog).Count
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Action
    $seconds = $clock.Elapsed.TotalSeconds
    $calls = @(Get-RequestLog | Select-Object -Skip $before)
    [pscustomobject]@{
        Scenario        = $Name
        Nodes           = $Nodes
        Seconds         = [math]::Round($seconds, 1)
        ApiRequests     = $calls.Count
        PerNode         = [math]::Round($calls.Count / $Nodes, 1)
        Posts           = @($calls | Where-Object method -eq 'POST').Count
        DropletGetsById = @($calls | Where-Object { $_.method -eq 'GET' -and $_.path -like '/v2/droplets/*' }).Count
    }
}

$results = [Collections.Generic.List[object]]::new()
Start-SwarmSandbox -ApiOnly -BootSeconds 1 -DropletLimit 200 | Out-Null
try {
    foreach ($n in 1, 10, 50) {
        $results.Add((Measure-Scenario "API: New-SwarmNode -Count $n -WaitFor Active" $n { New-SwarmNode -Count $n -Name "api$n-" -SshKey $key -WaitFor Active }))
        $results.Add((Measure-Scenario "API: Get-SwarmNode | Remove-SwarmNode -DropletOnly ($n)" $n { Get-SwarmNode | Remove-SwarmNode -Force -DropletOnly }))
    }
}
finally { Stop-SwarmSandbox }

$lab = (id -u) -eq '0'
if ($lab) {
    Start-SwarmSandbox -BootSeconds 2 | Out-Null
    try {
        $results.Add((Measure-Scenario 'Lab: New-SwarmNode -Count 3 (SSH, cloud-init, Docker ready)' 3 { $script:seed = New-SwarmNode -Count 3 -SshKey $key }))
        $results.Add((Measure-Scenario 'Lab: Initialize-Swarm -ManagerCount 3 (the seed)' 3 { $seed | Initialize-Swarm -ManagerCount 3 }))
        $results.Add((Measure-Scenario 'Lab: Initialize-Swarm again (no-op)' 3 { $seed | Initialize-Swarm -ManagerCount 3 }))
        $results.Add((Measure-Scenario 'Lab: remove the seed swarm (safe order)' 3 { Get-SwarmNode | Remove-SwarmNode -Force }))
        $results.Add((Measure-Scenario 'Lab: New-SwarmNode -Count 10 | Initialize-Swarm -ManagerCount 3' 10 { New-SwarmNode -Count 10 -Name big -SshKey $key | Initialize-Swarm -ManagerCount 3 }))
        $results.Add((Measure-Scenario 'Lab: remove the 10-node swarm (safe order)' 10 { Get-SwarmNode | Remove-SwarmNode -Force }))
    }
    finally { Stop-SwarmSandbox }
}
Remove-Item $work -Recurse -Force

$machine = "$(nproc) cores, $([math]::Round((Get-Content /proc/meminfo -TotalCount 1).Split(' ', [StringSplitOptions]::RemoveEmptyEntries)[1] / 1MB)) GiB, PowerShell $($PSVersionTable.PSVersion)"
$report = @(
    '# SwarmTools benchmark'
    ''
    "Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') on $machine. Sandbox droplets stay 'new' 1 s (API) or 2 s (lab); lab sshd and dockerd come up 1 s apart, as droplets do. API requests are counted from the sandbox's request log."
    ''
    '| scenario | nodes | seconds | API requests | per node | POSTs | GET droplet by id |'
    '|---|---:|---:|---:|---:|---:|---:|'
    $results | ForEach-Object { "| $($_.Scenario -replace '\|', '\|') | $($_.Nodes) | $($_.Seconds) | $($_.ApiRequests) | $($_.PerNode) | $($_.Posts) | $($_.DropletGetsById) |" }
    ''
    'Reading it: creation polls one list call per interval whatever the count, so API requests per node fall as the swarm grows;'
    'a re-run of Initialize-Swarm only reads. Safe removal is dominated by waiting for a manager to see a node that left as Down'
    'before `docker node rm`; workers leave together, managers one at a time.'
    $(if (-not $lab) { ''; 'Lab scenarios were skipped: they need root.' })
)
New-Item -ItemType Directory (Split-Path $ReportPath) -Force | Out-Null
$report | Set-Content $ReportPath
$report | Out-Host
