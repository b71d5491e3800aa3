namespace SwarmTools.Tests.Engine;

/// <summary>docker's JSON for the lab's test stack (StackTests), as a manager printed it (docker 28, recorded 2026-12-06).</summary>
internal static class Fixtures
{
    /// <summary>docker service ls --format '{{json .}}'</summary>
    public static readonly string[] Ls =
    {
        """{"ID":"aociha1bwf9f","Image":"bb:1","Mode":"global","Name":"sk_api","Ports":"","Replicas":"4/4"}""",
        """{"ID":"can9lfhzbupa","Image":"bb:1","Mode":"replicated","Name":"sk_web","Ports":"","Replicas":"2/2"}""",
        """{"ID":"rjwsm2ec3eea","Image":"bb:1","Mode":"replicated","Name":"sk_worker","Ports":"","Replicas":"3/3"}""",
    };

    /// <summary>docker service inspect --format '{{json .}}' of the same services.</summary>
    public static readonly string[] Inspect =
    {
        """{"ID":"aociha1bwf9f85ysaq2t9oi0r","Version":{"Index":32},"CreatedAt":"2026-12-06T06:27:44.27873407Z","UpdatedAt":"2026-12-06T06:27:44.279176466Z","Spec":{"Name":"sk_api","Labels":{"com.docker.stack.image":"bb:1","com.docker.stack.namespace":"sk"},"TaskTemplate":{"ContainerSpec":{"Image":"bb:1","Labels":{"com.docker.stack.namespace":"sk"},"Args":["sh","-c","while true; do hostname | nc -l -p 8080; done"],"Privileges":{"CredentialSpec":null,"SELinuxContext":null},"StopGracePeriod":10000000000,"DNSConfig":{},"Isolation":"default"},"Resources":{},"RestartPolicy":{"Condition":"any","Delay":5000000000,"MaxAttempts":0},"Placement":{},"Networks":[{"Target":"pgv44taojrvk92naq8nt25z7v","Aliases":["api"]}],"ForceUpdate":0,"Runtime":"container"},"Mode":{"Global":{}},"UpdateConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"RollbackConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"EndpointSpec":{"Mode":"dnsrr","Ports":[{"Protocol":"tcp","TargetPort":8080,"PublishedPort":8082,"PublishMode":"host"}]}},"Endpoint":{"Spec":{"Mode":"dnsrr","Ports":[{"Protocol":"tcp","TargetPort":8080,"PublishedPort":8082,"PublishMode":"host"}]},"Ports":[{"Protocol":"tcp","TargetPort":8080,"PublishedPort":8082,"PublishMode":"host"}]}}""",
        """{"ID":"can9lfhzbupakfj9x410ovxso","Version":{"Index":30},"CreatedAt":"2026-12-06T06:27:44.261438769Z","UpdatedAt":"2026-12-06T06:27:44.267092556Z","Spec":{"Name":"sk_web","Labels":{"com.docker.stack.image":"bb:1","com.docker.stack.namespace":"sk"},"TaskTemplate":{"ContainerSpec":{"Image":"bb:1","Labels":{"com.docker.stack.namespace":"sk"},"Args":["httpd","-f","-p","8080"],"Privileges":{"CredentialSpec":null,"SELinuxContext":null},"StopGracePeriod":10000000000,"DNSConfig":{},"Isolation":"default"},"Resources":{},"RestartPolicy":{"Condition":"any","Delay":5000000000,"MaxAttempts":0},"Placement":{},"Networks":[{"Target":"pgv44taojrvk92naq8nt25z7v","Aliases":["web"]}],"ForceUpdate":0,"Runtime":"container"},"Mode":{"Replicated":{"Replicas":2}},"UpdateConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"RollbackConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"EndpointSpec":{"Mode":"dnsrr","Ports":[{"Protocol":"tcp","TargetPort":8080,"PublishedPort":8081,"PublishMode":"host"}]}},"Endpoint":{"Spec":{"Mode":"dnsrr","Ports":[{"Protocol":"tcp","TargetPort":8080,"PublishedPort":8081,"PublishMode":"host"}]},"Ports":[{"Protocol":"tcp","TargetPort":8080,"PublishedPort":8081,"PublishMode":"host"}]}}""",
        """{"ID":"rjwsm2ec3eea84apq1ncq2bus","Version":{"Index":34},"CreatedAt":"2026-12-06T06:27:44.284034853Z","UpdatedAt":"2026-12-06T06:27:44.284034853Z","Spec":{"Name":"sk_worker","Labels":{"com.docker.stack.image":"bb:1","com.docker.stack.namespace":"sk"},"TaskTemplate":{"ContainerSpec":{"Image":"bb:1","Labels":{"com.docker.stack.namespace":"sk"},"Args":["sleep","100000"],"Privileges":{"CredentialSpec":null,"SELinuxContext":null},"StopGracePeriod":10000000000,"DNSConfig":{},"Isolation":"default"},"Resources":{},"RestartPolicy":{"Condition":"any","Delay":5000000000,"MaxAttempts":0},"Placement":{},"Networks":[{"Target":"pgv44taojrvk92naq8nt25z7v","Aliases":["worker"]}],"ForceUpdate":0,"Runtime":"container"},"Mode":{"Replicated":{"Replicas":3}},"UpdateConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"RollbackConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},"EndpointSpec":{"Mode":"dnsrr"}},"Endpoint":{"Spec":{}}}""",
    };

    /// <summary>docker service ps --no-trunc --format '{{json .}}' sk_api sk_web</summary>
    public static readonly string[] Ps =
    {
        """{"CurrentState":"Running 1 second ago","DesiredState":"Running","Error":"","ID":"khzlg5kng3rnmaohdgunkw3ls","Image":"bb:1","Name":"sk_api.2qo4upuu9pk4s8rwlr07r3le4","Node":"sk1","Ports":"*:8082-\u003e8080/tcp,*:8082-\u003e8080/tcp"}""",
        """{"CurrentState":"Running 3 seconds ago","DesiredState":"Running","Error":"","ID":"s3n1iapy67tl2ws46fa86h45t","Image":"bb:1","Name":"sk_api.4x8yrwxtnolzr3eg9svkzi516","Node":"sk3","Ports":"*:8082-\u003e8080/tcp,*:8082-\u003e8080/tcp"}""",
        """{"CurrentState":"Running 1 second ago","DesiredState":"Running","Error":"","ID":"oqy5su4657tf8ykp3xncd5z8o","Image":"bb:1","Name":"sk_api.805wni9rhqgzoozi8yxrwxbj2","Node":"sk4","Ports":"*:8082-\u003e8080/tcp,*:8082-\u003e8080/tcp"}""",
        """{"CurrentState":"Running 1 second ago","DesiredState":"Running","Error":"","ID":"lyrod1ndqsj86nc8tzhl88rd3","Image":"bb:1","Name":"sk_api.fu862lmrrc8kp8d9ngyzim9dc","Node":"sk2","Ports":"*:8082-\u003e8080/tcp,*:8082-\u003e8080/tcp"}""",
        """{"CurrentState":"Running 1 second ago","DesiredState":"Running","Error":"","ID":"3g3a1cjh2x5e2fg6cfeesivqo","Image":"bb:1","Name":"sk_web.1","Node":"sk2","Ports":"*:8081-\u003e8080/tcp,*:8081-\u003e8080/tcp"}""",
        """{"CurrentState":"Running 3 seconds ago","DesiredState":"Running","Error":"","ID":"lzd4vd63pku8l007l46ch804x","Image":"bb:1","Name":"sk_web.2","Node":"sk4","Ports":"*:8081-\u003e8080/tcp,*:8081-\u003e8080/tcp"}""",
    };

    /// <summary>docker service ps --no-trunc --format '{{json .}}' of a service whose image no node has: one slot, newest first.</summary>
    public static readonly string[] PsBadImage =
    {
        """{"CurrentState":"Rejected 1 second ago","DesiredState":"Ready","Error":"\"No such image: nope-not-here:1\"","ID":"hvnrzr46hs4qakh0avwvy5paw","Image":"nope-not-here:1","Name":"skbad_app.1","Node":"sk4","Ports":""}""",
        """{"CurrentState":"Rejected 5 seconds ago","DesiredState":"Shutdown","Error":"\"No such image: nope-not-here:1\"","ID":"jwd6tv05btyuxf1cqwxliqzbx","Image":"nope-not-here:1","Name":"skbad_app.1","Node":"sk4","Ports":""}""",
        """{"CurrentState":"Rejected 7 seconds ago","DesiredState":"Shutdown","Error":"\"No such image: nope-not-here:1\"","ID":"jen8vfeusbmj7tsha8ehmek60","Image":"nope-not-here:1","Name":"skbad_app.1","Node":"sk4","Ports":""}""",
    };
}
