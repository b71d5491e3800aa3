using System.Management.Automation;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace SwarmTools.Tests.Support;

/// <summary>
/// Which parameters a cmdlet never reads: its IL is followed from the methods PowerShell calls
/// (BeginProcessing, ProcessRecord, EndProcessing, StopProcessing, Dispose) through every call,
/// lambda and async state machine in the module's own code, virtual calls resolved to the cmdlet's
/// overrides. A parameter whose getter is never reached is one the cmdlet ignores (like a -Token
/// inherited by a cmdlet that never calls the API).
/// </summary>
public static class ParameterUse
{
    private static readonly Dictionary<short, OpCode> OpCodeByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);
    private static readonly string[] EntryPoints = { "BeginProcessing", "ProcessRecord", "EndProcessing", "StopProcessing", "Dispose" };
    private const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    public static IReadOnlyList<string> Ignored(Type cmdlet)
    {
        var ours = new HashSet<Assembly> { cmdlet.Assembly, typeof(Infrastructure.SwarmCmdlet).Assembly };
        var reached = new HashSet<MethodBase>();
        var todo = new Stack<MethodBase>(EntryPoints.SelectMany(n => cmdlet.GetMethods(All).Where(m => m.Name == n && ours.Contains(m.DeclaringType!.Assembly))));
        while (todo.Count > 0)
        {
            var method = todo.Pop();
            if (!reached.Add(method)) continue;
            foreach (var callee in Callees(method))
            {
                var target = Implementation(callee, cmdlet);
                if (target.DeclaringType != null && ours.Contains(target.DeclaringType.Assembly)) todo.Push(target);
            }
            // An async method's body is its state machine's MoveNext.
            var machine = method.GetCustomAttribute<StateMachineAttribute>()?.StateMachineType;
            if (machine?.GetMethod("MoveNext", All) is { } moveNext) todo.Push(moveNext);
        }
        var read = reached.OfType<MethodInfo>().Where(m => m.IsSpecialName && m.Name.StartsWith("get_") && m.DeclaringType!.IsAssignableFrom(cmdlet))
            .Select(m => m.Name[4..]).ToHashSet();
        return cmdlet.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any() && !read.Contains(p.Name))
            .Select(p => p.Name).OrderBy(n => n).ToList();
    }

    /// <summary>A virtual call on the cmdlet lands in its most derived override.</summary>
    private static MethodBase Implementation(MethodBase callee, Type cmdlet)
    {
        if (callee is not MethodInfo { IsVirtual: true } virtualMethod || !virtualMethod.DeclaringType!.IsAssignableFrom(cmdlet)) return callee;
        var baseDefinition = virtualMethod.GetBaseDefinition();
        return cmdlet.GetMethods(All).FirstOrDefault(m => m.GetBaseDefinition().MetadataToken == baseDefinition.MetadataToken
            && m.GetBaseDefinition().Module == baseDefinition.Module) ?? callee;
    }

    /// <summary>The methods <paramref name="method"/> calls, creates or takes a delegate of.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        if (method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } constructed) method = constructed.GetGenericMethodDefinition();
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodeByValue[value];
            if (op.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (callee != null) yield return callee;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }
}
