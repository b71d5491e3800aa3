using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Tests.Support;

/// <summary>A small, valid droplet create request, for tests that need droplets straight from the API.</summary>
public static class DropletRequests
{
    public static DropletCreateRequest Create(string tag, IEnumerable<string> names) => new()
    {
        Names = names.ToList(), Region = "nyc3", Size = "s-1vcpu-1gb", Image = "docker-24-04", Tags = new() { tag },
    };
}
