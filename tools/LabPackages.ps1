# The lab's Debian packages: which are missing, and installing them. build.ps1 (demo, test,
# bench) and CI all come through here; lab.sh is the one place that names the packages.

function Get-LabPackageName {
    # lab.sh lists its commands' packages, one per line.
    $names = bash (Join-Path $PSScriptRoot '../src/SwarmTools.Sandbox/Lab/lab.sh') packages
    if ($LASTEXITCODE -ne 0 -or -not $names) { throw "lab.sh packages failed (exit code $LASTEXITCODE)." }
    $names
}

function Get-MissingDebianPackage {
    # A package is present only when dpkg says 'ii' (wanted install, installed). dpkg-query prints
    # nothing and exits 1 for a name it has never seen, and 'rc' for one removed with its
    # configuration left: both count as missing.
    param([Parameter(Mandatory)] [string[]] $Name)
    foreach ($package in $Name) {
        $status = dpkg-query -W -f='${db:Status-Abbrev}' $package 2>$null
        if ($LASTEXITCODE -ne 0 -or "$status" -notmatch '^ii') { $package }
    }
}

function Install-LabPackage {
    # Lab hosts (droplets that boot as real machines) need root and these packages. Without root
    # the sandbox runs API-only and the lab tests are skipped with the reason "needs root".
    # -Also names packages a task needs beside the lab's (the tests: tmux, a real terminal for Ctrl+C).
    param([string[]] $Also = @())
    if ((id -u) -ne '0') {
        Write-Warning 'Not root: lab hosts are unavailable, so the demo runs API-only and the lab tests are skipped (needs root).'
        return
    }
    $missing = @(Get-MissingDebianPackage -Name (@(Get-LabPackageName) + $Also))
    if ($missing.Count -eq 0) { return }
    Write-Host "Installing the lab's Debian packages: $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    apt-get update -qq
    if ($LASTEXITCODE -ne 0) { throw "apt-get update failed (exit code $LASTEXITCODE)." }
    apt-get install -y -qq @missing
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed (exit code $LASTEXITCODE)." }
    $still = @(Get-MissingDebianPackage -Name $missing)
    if ($still.Count -gt 0) { throw "apt-get reported success but these packages are still not installed: $($still -join ' ')." }
}
