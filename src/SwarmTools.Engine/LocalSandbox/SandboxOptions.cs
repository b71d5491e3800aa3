namespace SwarmTools.LocalSandbox
{
    /// <summary>How the local DigitalOcean sandbox behaves.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>How long a droplet stays "new" before it turns "active".</summary>
        public double BootSeconds { get; set; } = 3;
        public int DropletLimit { get; set; } = 25;
        /// <summary>Requests per sliding minute before the sandbox answers 429.</summary>
        public int RatePerMinute { get; set; } = 250;
        /// <summary>Droplets exist in the API only (no lab hosts).</summary>
        public bool ApiOnly { get; set; }
        /// <summary>0 picks a free loopback port.</summary>
        public int Port { get; set; }

        internal string Arguments(string dll) =>
            string.Join(" ",
                Quote(dll),
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--boot-seconds", BootSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--droplet-limit", DropletLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--rate-per-minute", RatePerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--mode", ApiOnly ? "api" : "lab");

        private static string Quote(string s) => "\"" + s.Replace("\"", "\\\"") + "\"";
    }
}
