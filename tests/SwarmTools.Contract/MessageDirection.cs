namespace SwarmTools.Contract;

/// <summary>
/// Which way a body travels. OpenAPI exempts <c>readOnly</c> properties from <c>required</c> in
/// requests and <c>writeOnly</c> properties in responses.
/// </summary>
internal enum MessageDirection
{
    Request,
    Response,
}
