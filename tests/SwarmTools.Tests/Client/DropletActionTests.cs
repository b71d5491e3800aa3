using System.Text.Json;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>
/// Droplet power actions on the sandbox, as DigitalOcean's API takes them: 201 with the action
/// `in-progress`, read back by droplet and by id until `completed`; `off` while powered off; a
/// droplet still `new` answers 422 "Droplet already has a pending event."; and power_on on an
/// active droplet completes, as Ansible's droplet module needs after every create.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class DropletActionTests
{
    private static async Task<JsonElement> PostAsync(DigitalOceanClient api, long droplet, string type) =>
        await api.Connection.PostAsync<JsonElement>($"v2/droplets/{droplet}/actions", new { type }, "action", default);

    private static async Task<JsonElement> CompletedAsync(DigitalOceanClient api, long droplet, JsonElement action)
    {
        Assert.Equal("in-progress", action.GetProperty("status").GetString());
        var id = action.GetProperty("id").GetInt64();
        for (var i = 0; i < 100; i++)
        {
            var read = await api.Connection.GetAsync<JsonElement>($"v2/droplets/{droplet}/actions/{id}", "action", default);
            if (read.GetProperty("status").GetString() != "in-progress") return read;
            await Task.Delay(100);
        }
        throw new TimeoutException($"action {id} still in progress");
    }

    private static async Task<long> ActiveDropletAsync(DigitalOceanClient api)
    {
        var id = (await api.Droplets.CreateAsync(DropletRequests.Create(Sandbox.UniqueTag(), new[] { "pw1" }), default)).Droplets[0].Id;
        for (var i = 0; i < 100 && (await api.Droplets.FindAsync(id, default))?.Status != "active"; i++) await Task.Delay(100);
        return id;
    }

    private static async Task<string> StatusAsync(DigitalOceanClient api, long id) => (await api.Droplets.FindAsync(id, default))!.Status;

    [Fact]
    public async Task Power_actions_run_as_DigitalOcean_runs_them_and_are_read_back_by_droplet_and_by_id()
    {
        using var api = Sandbox.Client();
        var id = await ActiveDropletAsync(api);
        try
        {
            // Ansible's create: power_on on an active droplet is taken, completes, changes nothing.
            var on = await CompletedAsync(api, id, await PostAsync(api, id, "power_on"));
            Assert.Equal("completed", on.GetProperty("status").GetString());
            Assert.Equal("power_on", on.GetProperty("type").GetString());
            Assert.Equal(id, on.GetProperty("resource_id").GetInt64());
            Assert.Equal("active", await StatusAsync(api, id));

            Assert.Equal("completed", (await CompletedAsync(api, id, await PostAsync(api, id, "shutdown"))).GetProperty("status").GetString());
            Assert.Equal("off", await StatusAsync(api, id));
            Assert.Equal("completed", (await CompletedAsync(api, id, await PostAsync(api, id, "power_on"))).GetProperty("status").GetString());
            Assert.Equal("active", await StatusAsync(api, id));
            Assert.Equal("completed", (await CompletedAsync(api, id, await PostAsync(api, id, "power_off"))).GetProperty("status").GetString());
            Assert.Equal("off", await StatusAsync(api, id));
            Assert.Equal("completed", (await CompletedAsync(api, id, await PostAsync(api, id, "power_cycle"))).GetProperty("status").GetString());
            Assert.Equal("active", await StatusAsync(api, id)); // a power cycle boots an off droplet
            var reboot = await CompletedAsync(api, id, await PostAsync(api, id, "reboot"));
            Assert.Equal("active", await StatusAsync(api, id));

            // Read back by id too, and listed with the droplet's actions (newest first).
            var byId = await api.Connection.GetAsync<JsonElement>("v2/actions/" + reboot.GetProperty("id").GetInt64(), "action", default);
            Assert.Equal("reboot", byId.GetProperty("type").GetString());
            var listed = await api.Connection.ListAsync<JsonElement>($"v2/droplets/{id}/actions", "actions", default);
            Assert.Equal(new[] { "reboot", "power_cycle", "power_off", "power_on", "shutdown", "power_on", "create" }, listed.Select(a => a.GetProperty("type").GetString()));
        }
        finally { await api.Droplets.DeleteAsync(id, default); }
    }

    [Fact]
    public async Task A_busy_droplet_an_unknown_type_and_another_droplets_action_are_refused()
    {
        using var api = Sandbox.Client();
        var created = (await api.Droplets.CreateAsync(DropletRequests.Create(Sandbox.UniqueTag(), new[] { "pw2" }), default)).Droplets[0].Id;
        try
        {
            // Still new: DigitalOcean's 422.
            var busy = await Assert.ThrowsAsync<DigitalOceanException>(() => PostAsync(api, created, "power_on"));
            Assert.Equal(422, busy.StatusCode);
            Assert.Equal("Droplet already has a pending event.", busy.ApiMessage);
            for (var i = 0; i < 100 && await StatusAsync(api, created) != "active"; i++) await Task.Delay(100);
            var action = await PostAsync(api, created, "reboot"); // control: once active it is taken
            Assert.Equal(422, (await Assert.ThrowsAsync<DigitalOceanException>(() => PostAsync(api, created, "teleport"))).StatusCode);
            var other = await Assert.ThrowsAsync<DigitalOceanException>(() =>
                api.Connection.GetAsync<JsonElement>($"v2/droplets/{created + 1}/actions/{action.GetProperty("id").GetInt64()}", "action", default));
            Assert.Equal(404, other.StatusCode);
            Assert.Equal(404, (await Assert.ThrowsAsync<DigitalOceanException>(() => PostAsync(api, 1, "reboot"))).StatusCode);
            await CompletedAsync(api, created, action);
        }
        finally { await api.Droplets.DeleteAsync(created, default); }
    }
}
