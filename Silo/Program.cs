using OrleansDb.Silo;

return await SiloHost.RunAsync(args);
