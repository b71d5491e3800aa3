namespace SwarmTools.Engine; internal static class Placeholder {}
