using System.Globalization;

namespace SwarmTools.Bench;

/// <summary>
/// The API requests of one run against the budget: at most ceil(N/10) creates, one
/// droplet list per poll interval (2 s) while droplets boot, a small constant besides, and never a
/// request per droplet per poll.
/// </summary>
public sealed record Economy(int Nodes, int Requests, int Creates, int Lists, int ById, int Others)
{
    public static Economy Of(int nodes, IReadOnlyList<ApiRequest> requests) => new(nodes, requests.Count,
        requests.Count(r => r.IsCreate), requests.Count(r => r.IsDropletList), requests.Count(r => r.IsDropletById),
        requests.Count(r => !r.IsCreate && !r.IsDropletList && !r.IsDropletById));

    public int CreateBudget => (Nodes + 9) / 10;

    public string Describe(double bootSeconds) => string.Create(CultureInfo.InvariantCulture,
        $"{Requests} = {Creates} create(s) (budget {CreateBudget}) + {Lists} list call(s) (~{bootSeconds / 2:0} polls in {bootSeconds:0} s of booting, " +
        $"pages of 200) + {ById} per-droplet GET(s) + {Others} other(s)");
}
