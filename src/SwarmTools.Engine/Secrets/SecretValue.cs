using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace SwarmTools.Engine.Secrets;

/// <summary>
/// A secret's bytes on their way to a manager's stdin, as base64 (the value may be binary, and the
/// channel carries text). The plain copies are cleared as soon as the encoding is made.
/// </summary>
public static class SecretValue
{
    /// <summary>The UTF-8 bytes of <paramref name="value"/>, base64-encoded.</summary>
    public static string Encode(SecureString value)
    {
        var chars = new char[value.Length];
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
        try
        {
            Marshal.Copy(pointer, chars, 0, chars.Length);
            var bytes = Encoding.UTF8.GetBytes(chars);
            try { return Convert.ToBase64String(bytes); }
            finally { Array.Clear(bytes, 0, bytes.Length); }
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            Array.Clear(chars, 0, chars.Length);
        }
    }

    /// <summary>A file's bytes as they are (a certificate, a key, binary data), base64-encoded.</summary>
    public static string Encode(byte[] bytes)
    {
        try { return Convert.ToBase64String(bytes); }
        finally { Array.Clear(bytes, 0, bytes.Length); }
    }

    /// <summary>The plain text of a SecureString, for the few places that must send it (an unlock key on stdin).</summary>
    internal static string Plain(SecureString value)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
        try { return Marshal.PtrToStringUni(pointer) ?? ""; }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
    }

    /// <summary>Text as a read-only SecureString (an unlock key read from a manager).</summary>
    internal static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
