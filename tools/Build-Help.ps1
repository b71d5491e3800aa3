<#
.SYNOPSIS
    Writes the module's help: en-US/SwarmTools.dll-Help.xml (MAML) and en-US/about_SwarmTools.help.txt.
.DESCRIPTION
    For every cmdlet the built module exports, the help is put together from
      - the cmdlet's own metadata: parameter sets, positions, mandatory, pipeline input, aliases,
        wildcards, ValidateSet and enum values, [OutputType], and defaults (read from a new instance);
      - the XML doc comments beside the code (GenerateDocumentationFile): on the class <summary>
        (synopsis), <remarks> (description, <para> per paragraph), <note> (notes), <returns>
        (what the output is), <seealso cref> (related cmdlets); on each parameter property
        <summary> (its help) and optionally <value> (its default, when no instance value says it);
      - <CmdletClass>.examples.md beside the cmdlet's .cs file: one "## title" per example, the
        first fenced block is the code, the rest the remarks.
    Nothing is specific to one cmdlet: a new cmdlet or parameter gets its help from its comments.
    What is missing is listed as a warning here and fails the help tests.
    Runs in a child pwsh (build.ps1), so the build's session never loads the module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    # The XML documentation files of the cmdlet and model assemblies (one comma-separated string from pwsh -File).
    [Parameter(Mandatory)] [string[]] $DocumentationFile,
    # Where the cmdlets' sources (and their .examples.md files) are.
    [Parameter(Mandatory)] [string] $SourceFolder,
    # about_SwarmTools.help.txt as written by hand; {{ErrorIds}} is replaced by the error id list.
    [Parameter(Mandatory)] [string] $AboutTemplate
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$manifest = Join-Path $ModuleFolder 'SwarmTools.psd1'
$module = Import-Module $manifest -PassThru
$culture = Join-Path $ModuleFolder 'en-US'
New-Item -ItemType Directory $culture -Force | Out-Null

# --- XML doc comments -------------------------------------------------------------------------

$docs = @{}
foreach ($file in $DocumentationFile -split ',') {
    [xml] $xml = Get-Content $file -Raw
    foreach ($member in $xml.doc.members.member) { $docs[$member.name] = $member }
}
$cmdletTypes = @{}
foreach ($c in Get-Command -Module $module.Name -CommandType Cmdlet) { $cmdletTypes[$c.ImplementingType.FullName] = $c.Name }

function ConvertTo-Text([System.Xml.XmlNode] $node) {
    # Inline doc markup as plain text: <see cref> names the cmdlet or type, <c> and <paramref> their content.
    $text = foreach ($child in $node.ChildNodes) {
        switch ($child.NodeType) {
            'Text' { $child.Value }
            'Element' {
                switch ($child.LocalName) {
                    { $_ -in 'see', 'seealso' } {
                        if ($child.HasAttribute('langword')) { $child.GetAttribute('langword') }
                        elseif ($child.InnerText) { $child.InnerText }
                        else {
                            $ref = $child.GetAttribute('cref') -replace '^\w:', ''
                            if ($cmdletTypes.ContainsKey($ref)) { $cmdletTypes[$ref] } else { ($ref -split '\.')[-1] }
                        }
                    }
                    { $_ -in 'paramref', 'typeparamref' } { '-' + $child.GetAttribute('name') }
                    'para' { "`n`n" + (ConvertTo-Text $child) + "`n`n" }
                    default { ConvertTo-Text $child }
                }
            }
        }
    }
    -join $text
}

function Get-Paragraph([System.Xml.XmlNode] $node) {
    # Paragraphs of a doc element: <para> blocks or blank-line breaks; wrapped lines joined.
    if ($null -eq $node) { return @() }
    @((ConvertTo-Text $node) -split '\n\s*\n' | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ })
}

function Get-Doc([string] $memberName, [string] $element) {
    $member = $docs[$memberName]
    if ($null -eq $member) { return $null }
    $member.SelectSingleNode($element)
}

function Get-Docs([string] $memberName, [string] $element) {
    $member = $docs[$memberName]
    if ($null -eq $member) { return @() }
    @($member.SelectNodes($element))
}

# --- Examples ----------------------------------------------------------------------------------

function Get-Example([type] $type) {
    $file = Get-ChildItem $SourceFolder -Recurse -File -Filter "$($type.Name).examples.md" | Select-Object -First 1
    if (-not $file) { return @() }
    $examples = @()
    $current = $null
    $inFence = $false
    $block = $null
    foreach ($line in (Get-Content $file.FullName)) {
        if (-not $inFence -and $line -match '^## (.+)$') {
            $current = [pscustomobject]@{ Title = $Matches[1].Trim(); Code = $null; Remarks = [System.Collections.Generic.List[string]]::new(); Text = '' }
            $examples += $current
            continue
        }
        if ($null -eq $current) { continue }
        if ($line -match '^```') {
            if ($inFence) {
                $content = $block -join "`n"
                if ($null -eq $current.Code) { $current.Code = $content } else { $current.Remarks.Add($content) }
                $inFence = $false
            }
            else {
                if ($current.Text.Trim()) { $current.Remarks.Add(($current.Text -replace '\s+', ' ').Trim()); $current.Text = '' }
                $inFence = $true
                $block = [System.Collections.Generic.List[string]]::new()
            }
            continue
        }
        if ($inFence) { $block.Add($line); continue }
        if ($line.Trim() -eq '') {
            if ($current.Text.Trim()) { $current.Remarks.Add(($current.Text -replace '\s+', ' ').Trim()) }
            $current.Text = ''
        }
        else { $current.Text += ' ' + $line }
    }
    foreach ($e in $examples) { if ($e.Text.Trim()) { $e.Remarks.Add(($e.Text -replace '\s+', ' ').Trim()) } }
    $examples
}

# --- Metadata ------------------------------------------------------------------------------------

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$standard = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. Nothing is changed, neither in the cloud nor on a host.'
    Confirm = 'Prompts you for confirmation before each change.'
}

function Get-ElementType([type] $t) {
    if ($t.IsArray) { $t = $t.GetElementType() }
    $underlying = [Nullable]::GetUnderlyingType($t)
    if ($underlying) { $underlying } else { $t }
}

function Get-TypeName([type] $t) {
    # How Get-Help shows a parameter's type: short, arrays kept, Nullable<T> as T.
    $array = $t.IsArray
    $e = Get-ElementType $t
    $e.Name + $(if ($array) { '[]' } else { '' })
}

function Get-DefaultValue($instance, [System.Reflection.PropertyInfo] $property) {
    $value = Get-Doc "P:$($property.DeclaringType.FullName).$($property.Name)" 'value'
    if ($value) { return (Get-Paragraph $value) -join ' ' }
    $v = $property.GetValue($instance)
    if ($null -eq $v) { return 'None' }
    if ($v -is [System.Management.Automation.SwitchParameter]) { return [string] $v.IsPresent }
    if ($v -is [array]) { if ($v.Count -eq 0) { return 'None' } return ($v -join ', ') }
    [string] $v
}

function Get-PipelineInput($p) {
    $how = @()
    if ($p.ValueFromPipeline) { $how += 'ByValue' }
    if ($p.ValueFromPipelineByPropertyName) { $how += 'ByPropertyName' }
    if ($how) { "True ($($how -join ', '))" } else { 'False' }
}

function Get-AllowedValue($p) {
    $set = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return @($set.ValidValues) }
    $e = Get-ElementType $p.ParameterType
    if ($e.IsEnum) { return [enum]::GetNames($e) }
    @()
}

# Which cmdlets emit each type, to say where piped input comes from.
$producers = @{}
foreach ($c in Get-Command -Module $module.Name -CommandType Cmdlet) {
    foreach ($o in $c.OutputType) { if ($o.Type) { $producers[$o.Type.FullName] += @($c.Name) } }
}

# --- MAML ----------------------------------------------------------------------------------------

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$missing = [System.Collections.Generic.List[string]]::new()
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$helpFile = Join-Path $culture 'SwarmTools.dll-Help.xml'
$w = [System.Xml.XmlWriter]::Create($helpFile, $settings)

function Start-Element([string] $prefix, [string] $name) { $w.WriteStartElement($prefix, $name, $ns[$prefix]) }
function Write-Element([string] $prefix, [string] $name, [string] $text) { $w.WriteElementString($prefix, $name, $ns[$prefix], $text) }
function Format-Para([string] $text) {
    # Get-Help keeps a paragraph's line breaks but cuts long lines mid-word: wrap prose at 80 columns.
    # Text that has line breaks of its own (example output) is kept as it is.
    if ($text -match '\n') { return $text }
    (($text -split '(.{1,80})(?:\s+|$)' | Where-Object { $_ }) -join "`n")
}
function Write-Para([string[]] $paragraphs) { foreach ($p in $paragraphs) { Write-Element maml para (Format-Para $p) } }
function Write-Description([string[]] $paragraphs) { Start-Element maml description; Write-Para $paragraphs; $w.WriteEndElement() }
function Write-Type([string] $name, [string[]] $description) {
    Start-Element dev type; Write-Element maml name $name; Write-Element maml uri ''; $w.WriteEndElement()
    Write-Description $description
}

function Write-Parameter($p, [string[]] $description, [string] $default, [bool] $inSyntax) {
    Start-Element command parameter
    $w.WriteAttributeString('required', ([string] $p.IsMandatory).ToLower())
    $w.WriteAttributeString('variableLength', ([string] $p.ParameterType.IsArray).ToLower())
    $w.WriteAttributeString('globbing', ([string] [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToLower())
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $p))
    $w.WriteAttributeString('position', $(if ($p.Position -ge 0) { [string] $p.Position } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
    Write-Element maml name $p.Name
    if (-not $inSyntax) { Write-Description $description }
    $isSwitch = $p.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $allowed = @(Get-AllowedValue $p)
    if ($allowed.Count -gt 0 -and $inSyntax) {
        Start-Element command parameterValueGroup
        foreach ($v in $allowed) {
            Start-Element command parameterValue; $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('variableLength', 'false'); $w.WriteString($v); $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    elseif (-not $isSwitch -or -not $inSyntax) {
        Start-Element command parameterValue
        $w.WriteAttributeString('required', ([string] (-not $isSwitch)).ToLower())
        $w.WriteAttributeString('variableLength', ([string] $p.ParameterType.IsArray).ToLower())
        $w.WriteString((Get-TypeName $p.ParameterType))
        $w.WriteEndElement()
    }
    if (-not $inSyntax) {
        Start-Element dev type; Write-Element maml name (Get-TypeName $p.ParameterType); Write-Element maml uri ''; $w.WriteEndElement()
        Write-Element dev defaultValue $default
        if ($allowed.Count -gt 0) {
            Start-Element command parameterValueGroup
            foreach ($v in $allowed) {
                Start-Element command parameterValue; $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('variableLength', 'false'); $w.WriteString($v); $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }
    }
    $w.WriteEndElement()
}

# --- One cmdlet's help ----------------------------------------------------------------------------

function Get-CmdletHelp($cmd) {
    # What the help of one cmdlet is made of (doc comments, examples, parameters); gaps go to $missing.
    $type = $cmd.ImplementingType
    $typeKey = "T:$($type.FullName)"
    $help = [pscustomobject]@{
        Command       = $cmd
        Type          = $type
        TypeKey       = $typeKey
        Instance      = [Activator]::CreateInstance($type)
        Synopsis      = @(Get-Paragraph (Get-Doc $typeKey 'summary'))
        Description   = @(Get-Paragraph (Get-Doc $typeKey 'remarks'))
        Notes         = @(Get-Docs $typeKey 'note' | ForEach-Object { Get-Paragraph $_ })
        Returns       = @(Get-Paragraph (Get-Doc $typeKey 'returns'))
        Examples      = @(Get-Example $type)
        Parameters    = [ordered]@{}
        ParameterHelp = @{}
    }
    if (-not $help.Synopsis) { $missing.Add("$($cmd.Name): no synopsis (<summary> on $($type.Name))") }
    if (-not $help.Description) { $missing.Add("$($cmd.Name): no description (<remarks> on $($type.Name))") }
    if (-not $help.Notes) { $missing.Add("$($cmd.Name): no notes (<note> on $($type.Name))") }
    if ($help.Examples.Count -lt 2) { $missing.Add("$($cmd.Name): $($help.Examples.Count) example(s) in $($type.Name).examples.md; at least 2") }

    foreach ($set in $cmd.ParameterSets) {
        foreach ($p in $set.Parameters) {
            if ($p.Name -in $common -and -not $standard.ContainsKey($p.Name)) { continue }
            if (-not $help.Parameters.Contains($p.Name)) { $help.Parameters[$p.Name] = $p }
        }
    }
    foreach ($name in $help.Parameters.Keys) {
        if ($standard.ContainsKey($name)) { $help.ParameterHelp[$name] = @($standard[$name]); continue }
        $property = $type.GetProperty($name)
        $help.ParameterHelp[$name] = @(Get-Paragraph (Get-Doc "P:$($property.DeclaringType.FullName).$name" 'summary'))
        if (-not $help.ParameterHelp[$name]) { $missing.Add("$($cmd.Name) -${name}: no help (<summary> on $($property.DeclaringType.Name).$name)") }
    }
    $help
}

function Write-Syntax($help) {
    Start-Element command syntax
    foreach ($set in $help.Command.ParameterSets) {
        Start-Element command syntaxItem
        Write-Element maml name $help.Command.Name
        # Positional parameters first, in position order, as PowerShell's own syntax shows them.
        $ordered = $set.Parameters | Where-Object { $help.Parameters.Contains($_.Name) } |
            Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { -[int] $_.IsMandatory } }
        foreach ($p in $ordered) { Write-Parameter $p $null $null $true }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

function Write-Parameters($help) {
    Start-Element command parameters
    foreach ($name in $help.Parameters.Keys) {
        $p = $help.Parameters[$name]
        $default = if ($standard.ContainsKey($name)) { 'False' } else { Get-DefaultValue $help.Instance $help.Type.GetProperty($name) }
        Write-Parameter $p $help.ParameterHelp[$name] $default $false
    }
    $w.WriteEndElement()
}

function Write-InputTypes($help) {
    # Inputs: what binds from the pipeline, and which cmdlets emit it.
    Start-Element command inputTypes
    $piped = @($help.Parameters.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
    if (-not $piped) {
        Start-Element command inputType; Write-Type 'None' @('You cannot pipe objects to this cmdlet.'); $w.WriteEndElement()
    }
    foreach ($p in $piped) {
        $e = Get-ElementType $p.ParameterType
        $text = if ($p.ValueFromPipeline) {
            $from = @($producers[$e.FullName] | Where-Object { $_ -and $_ -ne $help.Command.Name })
            "You can pipe $($e.Name) objects to -$($p.Name)" + $(if ($from) { " (from $($from -join ', '))." } else { '.' })
        }
        else { "An object with a $($p.Name) property binds it to -$($p.Name) (e.g. a node from Get-SwarmNode, or [pscustomobject]@{ $($p.Name) = … })." }
        $summary = @(Get-Paragraph (Get-Doc "T:$($e.FullName)" 'summary'))
        Start-Element command inputType; Write-Type $e.FullName (@($text) + $summary); $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

function Write-ReturnValues($help) {
    Start-Element command returnValues
    $outputs = @($help.Command.OutputType | Where-Object { $_.Type -and $_.Type -ne [void] })
    if (-not $outputs) {
        Start-Element command returnValue; Write-Type 'None' ($(if ($help.Returns) { $help.Returns } else { @('This cmdlet returns no output.') })); $w.WriteEndElement()
    }
    foreach ($o in $outputs) {
        $summary = @(Get-Paragraph (Get-Doc "T:$($o.Type.FullName)" 'summary'))
        Start-Element command returnValue; Write-Type $o.Type.FullName (@($help.Returns) + $summary); $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

function Write-Examples($help) {
    Start-Element command examples
    $i = 0
    foreach ($e in $help.Examples) {
        $i++
        Start-Element command example
        Write-Element maml title "---------- Example ${i}: $($e.Title) ----------"
        Write-Element dev code $e.Code
        # The empty paragraph keeps a blank line before the next example.
        Start-Element dev remarks; Write-Para $e.Remarks; Write-Element maml para ''; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

function Write-RelatedLinks($help) {
    Start-Element command relatedLinks
    $links = @(Get-Docs $help.TypeKey 'seealso' | ForEach-Object { $ref = $_.GetAttribute('cref') -replace '^\w:', ''; if ($cmdletTypes.ContainsKey($ref)) { $cmdletTypes[$ref] } else { $ref } }) + 'about_SwarmTools'
    foreach ($link in $links) {
        Start-Element maml navigationLink; Write-Element maml linkText $link; Write-Element maml uri ''; $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

function Write-CommandHelp($cmd) {
    $help = Get-CmdletHelp $cmd
    Start-Element command command
    foreach ($prefix in 'maml', 'command', 'dev') { $w.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }
    Start-Element command details
    Write-Element command name $cmd.Name
    Write-Element command verb $cmd.Verb
    Write-Element command noun $cmd.Noun
    Write-Description $help.Synopsis
    $w.WriteEndElement()
    Write-Description $help.Description
    Write-Syntax $help
    Write-Parameters $help
    Write-InputTypes $help
    Write-ReturnValues $help
    Start-Element maml alertSet
    Start-Element maml alert; Write-Para $help.Notes; $w.WriteEndElement()
    $w.WriteEndElement()
    Write-Examples $help
    Write-RelatedLinks $help
    $w.WriteEndElement() # command
}

# --- about_SwarmTools ----------------------------------------------------------------------------

function Write-About {
    # The hand-written template with {{ErrorIds}} replaced by every id and its <summary>.
    $errorIds = $docs.Keys | Where-Object { $_ -like 'F:SwarmTools.ErrorIds.*' } | Sort-Object | ForEach-Object {
        $id = $_ -replace '^F:SwarmTools\.ErrorIds\.', ''
        $text = (Get-Paragraph $docs[$_].SelectSingleNode('summary')) -join ' '
        if (-not $text) { $missing.Add("error id ${id}: no <summary> in ErrorIds") }
        "    $id`n" + (($text -split '(.{1,84})(?:\s+|$)' | Where-Object { $_ } | ForEach-Object { "        $_" }) -join "`n")
    }
    $about = (Get-Content $AboutTemplate -Raw) -replace '\{\{ErrorIds\}\}', (($errorIds -join "`n`n") -replace '\$', '$$$$')
    Set-Content -Path (Join-Path $culture 'about_SwarmTools.help.txt') -Value $about -NoNewline
}

# --- Main ----------------------------------------------------------------------------------------

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) { Write-CommandHelp $cmd }
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Close()
Write-About

foreach ($m in $missing) { Write-Warning "Help: $m" }
Write-Host "Help written: $helpFile ($(@(Get-Command -Module $module.Name -CommandType Cmdlet).Count) cmdlets; $($missing.Count) gap(s))"
