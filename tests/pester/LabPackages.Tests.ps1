# The installer that demo, test, bench and CI share (tools/LabPackages.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot '../../tools/LabPackages.ps1')
}

Describe 'Get-MissingDebianPackage' {
    It 'reports exactly the packages dpkg does not have installed' {
        # coreutils is Essential: always installed. fortunes-bofh-excuses is a real Debian package
        # that this project never installs; the third name exists nowhere.
        dpkg-query -W -f='${db:Status-Abbrev}' coreutils | Should -Match '^ii'
        dpkg-query -W -f='${db:Status-Abbrev}' fortunes-bofh-excuses 2>$null | Should -Not -Match '^ii'

        $missing = Get-MissingDebianPackage -Name coreutils, fortunes-bofh-excuses, swarmtools-no-such-package

        $missing | Should -Be @('fortunes-bofh-excuses', 'swarmtools-no-such-package')
    }

    It 'reports nothing when everything is installed' {
        Get-MissingDebianPackage -Name coreutils, bash | Should -BeNullOrEmpty
    }
}

Describe 'Get-LabPackageName' {
    It 'reads the lab packages from lab.sh' {
        $names = Get-LabPackageName
        $names | Should -Contain 'docker.io'
        $names | Should -Contain 'ufw'
        $names | Should -Contain 'busybox-static'
        $names | Should -Contain 'openssh-server'
    }
}
