using System;
using System.Management.Automation;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Infrastructure;

/// <summary>Maps engine exceptions to error records with stable ids and precise categories.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception e, object? target = null)
    {
        switch (e)
        {
            case SwarmToolsException s:
                return new ErrorRecord(s, s.ErrorId, Category(s.Kind), target ?? s.Target);
            case DigitalOceanException d:
                return FromApi(d, target);
            case MissingTokenException m:
                return new ErrorRecord(m, ErrorIds.MissingToken, ErrorCategory.AuthenticationError, null);
            case OperationCanceledException c:
                return new ErrorRecord(c, ErrorIds.OperationStopped, ErrorCategory.OperationStopped, target);
            case ArgumentException a:
                return new ErrorRecord(a, ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target);
            default:
                return new ErrorRecord(e, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target);
        }
    }

    private static ErrorRecord FromApi(DigitalOceanException d, object? target)
    {
        var (id, category) = d.StatusCode switch
        {
            0 => (ErrorIds.ApiUnreachable, ErrorCategory.ConnectionError),
            401 => (ErrorIds.ApiUnauthorized, ErrorCategory.AuthenticationError),
            403 => (ErrorIds.MissingScope, ErrorCategory.PermissionDenied),
            404 => (ErrorIds.ApiNotFound, ErrorCategory.ObjectNotFound),
            422 => (ErrorIds.ApiRejected, ErrorCategory.InvalidArgument),
            429 => (ErrorIds.ApiRateLimited, ErrorCategory.LimitsExceeded),
            _ when d.StatusCode >= 500 => (ErrorIds.ApiServerError, ErrorCategory.ResourceUnavailable),
            _ => (ErrorIds.ApiError, ErrorCategory.InvalidOperation),
        };
        var record = new ErrorRecord(d, id, category, target);
        if (d.StatusCode == 403)
            record.ErrorDetails = new ErrorDetails(d.Message) { RecommendedAction = "Give the token the scope named in the message (custom scopes) or use one with full access; if the token has it, ask a team owner for a role that allows the request." };
        if (d.StatusCode == 401)
            record.ErrorDetails = new ErrorDetails(d.Message) { RecommendedAction = $"The token is wrong, expired or revoked: make a new one at {ApiConnection.TokensPage} and pass it with -Token or set $env:DIGITALOCEAN_TOKEN." };
        return record;
    }

    private static ErrorCategory Category(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.NotFound => ErrorCategory.ObjectNotFound,
        FailureKind.LimitExceeded => ErrorCategory.LimitsExceeded,
        FailureKind.Unavailable => ErrorCategory.ResourceUnavailable,
        FailureKind.Timeout => ErrorCategory.OperationTimeout,
        FailureKind.Security => ErrorCategory.SecurityError,
        FailureKind.Connection => ErrorCategory.ConnectionError,
        _ => ErrorCategory.InvalidOperation,
    };
}
