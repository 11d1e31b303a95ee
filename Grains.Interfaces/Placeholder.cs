namespace OrleansDb; internal static class Placeholder { }
