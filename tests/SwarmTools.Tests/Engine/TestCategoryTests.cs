using System.Reflection;
using Xunit.Sdk;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Every test class says what it needs, so `build.ps1 unit` can run the fast ones alone: exactly one
/// Category trait, Unit (no process, no network, no built module), Sandbox (starts the sandbox, a
/// process, or reads the built module) or Lab (root and the lab).
/// </summary>
[Trait("Category", "Unit")]
public sealed class TestCategoryTests
{
    private static readonly string[] Categories = { "Unit", "Sandbox", "Lab" };

    private static IEnumerable<Type> TestClasses() => typeof(TestCategoryTests).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()));

    private static List<string> CategoriesOf(Type type) => type.GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Category")
        .Select(a => (string)a.ConstructorArguments[1].Value!).ToList();

    [Fact]
    public void Every_test_class_has_exactly_one_category()
    {
        var classes = TestClasses().ToList();
        Assert.True(classes.Count > 50, $"only {classes.Count} test classes found");
        var wrong = classes.Select(t => (t.FullName, Categories: CategoriesOf(t)))
            .Where(c => c.Categories.Count != 1 || !Categories.Contains(c.Categories[0]))
            .Select(c => $"{c.FullName}: [{string.Join(", ", c.Categories)}]").ToList();
        Assert.True(wrong.Count == 0, "Give each exactly one [Trait(\"Category\", \"Unit|Sandbox|Lab\")]:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Lab_tests_are_in_the_Lab_category_and_the_check_sees_a_missing_one()
    {
        Assert.All(TestClasses().Where(t => t.Namespace == "SwarmTools.Tests.Lab"), t => Assert.Equal(new[] { "Lab" }, CategoriesOf(t)));
        // The control: a class without the trait is seen as one.
        Assert.Empty(CategoriesOf(typeof(Uncategorized)));
        Assert.Equal(new[] { "Unit" }, CategoriesOf(typeof(TestCategoryTests)));
    }

    private sealed class Uncategorized;
}
