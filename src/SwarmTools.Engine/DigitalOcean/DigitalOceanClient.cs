using System;
using System.Net.Http;
using SwarmTools.Engine.DigitalOcean.Services;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>A small typed DigitalOcean client in the spirit of godo: one service per resource.</summary>
public sealed class DigitalOceanClient : IDisposable
{
    public DigitalOceanClient(ApiCredentials credentials, RetryPolicy? retry = null, HttpMessageHandler? handler = null)
        : this(new ApiConnection(credentials.BaseUrl, credentials.Token, retry, handler)) { }

    public DigitalOceanClient(ApiConnection connection)
    {
        Connection = connection;
        Droplets = new DropletsService(connection);
        Actions = new ActionsService(connection);
        Keys = new KeysService(connection);
        Regions = new RegionsService(connection);
        Sizes = new SizesService(connection);
        Images = new ImagesService(connection);
        Vpcs = new VpcsService(connection);
        Account = new AccountService(connection);
        Tags = new TagsService(connection);
        Firewalls = new FirewallsService(connection);
        LoadBalancers = new LoadBalancersService(connection);
    }

    public ApiConnection Connection { get; }
    public DropletsService Droplets { get; }
    public ActionsService Actions { get; }
    public KeysService Keys { get; }
    public RegionsService Regions { get; }
    public SizesService Sizes { get; }
    public ImagesService Images { get; }
    public VpcsService Vpcs { get; }
    public AccountService Account { get; }
    public TagsService Tags { get; }
    public FirewallsService Firewalls { get; }
    public LoadBalancersService LoadBalancers { get; }

    public void Dispose() => Connection.Dispose();
}
