using System.Management.Automation;
using System.Reflection;
using SwarmTools.Infrastructure;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>The names the stack cmdlets take while binding: Docker's spellings pass, with wildcards where a pattern is meant; others are refused.</summary>
[Trait("Category", "Unit")]
public sealed class DockerNameValidationTests
{
    private static void Check(ValidateDockerNameAttribute attribute, string name)
    {
        try { typeof(ValidateDockerNameAttribute).GetMethod("ValidateElement", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(attribute, new object[] { name }); }
        catch (TargetInvocationException e) { throw e.InnerException!; }
    }

    [Theory]
    [InlineData("sk", false, false)]
    [InlineData("web_api-2", false, false)]
    [InlineData("web_*", true, false)]
    [InlineData("sk-?[ab]", true, false)]
    [InlineData("node1.example", false, true)]
    public void Dockers_names_pass(string name, bool wildcards, bool dots) =>
        Check(new ValidateDockerNameAttribute { Wildcards = wildcards, Dots = dots }, name);

    [Theory]
    [InlineData("bad value!;", true, true)]
    [InlineData("web_*", false, false)]
    [InlineData("node1.example", false, false)]
    [InlineData("a'b", true, true)]
    public void Other_names_are_refused(string name, bool wildcards, bool dots) =>
        Assert.Throws<ValidationMetadataException>(() => Check(new ValidateDockerNameAttribute { Wildcards = wildcards, Dots = dots }, name));
}
