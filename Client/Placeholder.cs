namespace OrleansDb.Client; internal static class Placeholder { }
