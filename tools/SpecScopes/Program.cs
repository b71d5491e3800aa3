using SwarmTools.Contract;

// SpecScopes <openapi.yaml> <SpecScopes.g.cs>: rewrites the file only when the table changed,
// so an unchanged spec leaves the sandbox's build untouched.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SpecScopes <openapi.yaml> <SpecScopes.g.cs>");
    return 2;
}
var facts = SpecFacts.Load(args[0]);
var text = ScopeTable.Render(ScopeTable.Read(facts), ScopeTable.SpecVersion(facts));
if (File.Exists(args[1]) && File.ReadAllText(args[1]) == text)
{
    Console.WriteLine($"Scope table up to date: {args[1]}");
    return 0;
}
File.WriteAllText(args[1], text);
Console.WriteLine($"Scope table written from the spec: {args[1]}");
return 0;
