namespace SwarmTools;

/// <summary>
/// Every error id the module reports, defined once: a failure carries one of these as its
/// FullyQualifiedErrorId ('InvalidRegion,SwarmTools.Commands.NewSwarmNode'), so scripts can
/// catch it and Should -Throw -ErrorId can test it. Each summary is what about_SwarmTools lists
/// (the build writes it there). A new id: add a constant here with a summary, and use it.
/// Code never branches on an id: what the engine reacts to has an exception type of its own.
/// </summary>
public static class ErrorIds
{
    // API and credentials
    /// <summary>No API token: pass -Token or set $env:DIGITALOCEAN_TOKEN (or DIGITALOCEAN_ACCESS_TOKEN), or start a sandbox with Start-SwarmSandbox.</summary>
    public const string MissingToken = nameof(MissingToken);
    /// <summary>The API did not answer (connection failed or timed out, after retries for reads). Check the network and $env:DIGITALOCEAN_API_URL.</summary>
    public const string ApiUnreachable = nameof(ApiUnreachable);
    /// <summary>The API refused the token (401): it is wrong, expired or revoked. Make a new personal access token in the control panel (API, Tokens) and pass it with -Token or $env:DIGITALOCEAN_TOKEN.</summary>
    public const string ApiUnauthorized = nameof(ApiUnauthorized);
    /// <summary>Refused (403): the token lacks a scope (a custom-scoped or read-only token), or your role on the team does not allow the request. The message names the scope(s) the request needs. Give the token that scope (or use one with full access), or ask a team owner for a role that allows it.</summary>
    public const string MissingScope = nameof(MissingScope);
    /// <summary>The API has no such object (404).</summary>
    public const string ApiNotFound = nameof(ApiNotFound);
    /// <summary>The API refused the request as invalid (422); the message gives DigitalOcean's reason.</summary>
    public const string ApiRejected = nameof(ApiRejected);
    /// <summary>The API's rate limit was reached (429) and waiting did not help in time. Try again later, or make fewer requests.</summary>
    public const string ApiRateLimited = nameof(ApiRateLimited);
    /// <summary>The API failed (5xx) after retries. Try again later.</summary>
    public const string ApiServerError = nameof(ApiServerError);
    /// <summary>The API answered with another error; the message gives its status and reason.</summary>
    public const string ApiError = nameof(ApiError);

    // Input checked before anything is created
    /// <summary>A droplet name the API refuses: letters, digits, '.' and '-' only (no '_'), starting and ending with a letter or digit, at most 255 characters.</summary>
    public const string InvalidName = nameof(InvalidName);
    /// <summary>The same name given twice for one swarm.</summary>
    public const string DuplicateName = nameof(DuplicateName);
    /// <summary>-Count and the number of -Name values disagree: give one name (a prefix) or as many as -Count.</summary>
    public const string NameCountMismatch = nameof(NameCountMismatch);
    /// <summary>A tag with other characters than letters, digits, ':', '-' and '_', or longer than 255.</summary>
    public const string InvalidTag = nameof(InvalidTag);
    /// <summary>No region of that slug; the message lists the regions that accept droplets.</summary>
    public const string InvalidRegion = nameof(InvalidRegion);
    /// <summary>The region exists but does not accept new droplets now.</summary>
    public const string RegionUnavailable = nameof(RegionUnavailable);
    /// <summary>No size of that slug; the message lists sizes of the region.</summary>
    public const string InvalidSize = nameof(InvalidSize);
    /// <summary>The size is not offered in the region; the message lists where it is.</summary>
    public const string SizeUnavailable = nameof(SizeUnavailable);
    /// <summary>No image of that slug or id (1-Click slugs retire, e.g. docker-20-04); the message lists the region's Docker images.</summary>
    public const string InvalidImage = nameof(InvalidImage);
    /// <summary>The image is not available in the region; the message lists the region's Docker images and the regions that have it.</summary>
    public const string ImageUnavailable = nameof(ImageUnavailable);
    /// <summary>No -Image given and the region offers no Docker 1-Click image; the message lists regions that do. Pick one, or give -Image.</summary>
    public const string NoDockerImage = nameof(NoDockerImage);
    /// <summary>The image needs more disk (its min_disk_size) than the size has; the message lists the region's sizes with enough disk.</summary>
    public const string DiskTooSmall = nameof(DiskTooSmall);
    /// <summary>The VPC does not exist on the account, or is in another region than -Region.</summary>
    public const string InvalidVpc = nameof(InvalidVpc);
    /// <summary>-UserData over 64 KiB once the module's host key block (about 1 KiB) is added.</summary>
    public const string UserDataTooLarge = nameof(UserDataTooLarge);
    /// <summary>-UserData that would stop the pinned host key from being applied (its own ssh_keys, YAML cloud-init cannot read, a module list without ssh, disable_root, a format other than #cloud-config or a #! script); the message says which. Use -TrustOnFirstUse, or change it.</summary>
    public const string UserDataConflict = nameof(UserDataConflict);
    /// <summary>The create would exceed the account's droplet limit (checked first; droplets made elsewhere can still fill it during a run, and then the names not yet created get this id): remove droplets, or ask DigitalOcean for a higher limit.</summary>
    public const string DropletLimitExceeded = nameof(DropletLimitExceeded);
    /// <summary>The SSH key file (-SshKey .pub, or the private key to connect with) does not exist, or no usual key is in ~/.ssh.</summary>
    public const string SshKeyNotFound = nameof(SshKeyNotFound);
    /// <summary>-SshKey is not an OpenSSH public key line (a private key was given, or another file).</summary>
    public const string InvalidSshKey = nameof(InvalidSshKey);
    /// <summary>-AdvertiseAddress is not Private, Public or an IP address.</summary>
    public const string InvalidAdvertiseAddress = nameof(InvalidAdvertiseAddress);
    /// <summary>An even manager count or more than 7: use 1, 3, 5 or 7, or pass -Force.</summary>
    public const string ManagerCountNotRecommended = nameof(ManagerCountNotRecommended);
    /// <summary>An -AllowPort value that is not a port or range (1-65535) with an optional protocol.</summary>
    public const string InvalidPort = nameof(InvalidPort);
    /// <summary>An -SshSource or -Source value that is not Anywhere, an IP address or a CIDR range.</summary>
    public const string InvalidSource = nameof(InvalidSource);
    /// <summary>An expected host key that is neither a SHA256 fingerprint nor a public key line.</summary>
    public const string InvalidHostKey = nameof(InvalidHostKey);
    /// <summary>Import-SwarmNode -DockerMachine: docker-machine's store ($MACHINE_STORAGE_PATH, else ~/.docker/machine) has no machine of that name. docker-machine ls lists them; pass -MachineStoragePath if the store is elsewhere.</summary>
    public const string MachineNotFound = nameof(MachineNotFound);
    /// <summary>Import-SwarmNode -DockerMachine: the machine was made with another docker-machine driver than digitalocean (the message names it); only droplets can be adopted.</summary>
    public const string MachineDriverNotSupported = nameof(MachineDriverNotSupported);
    /// <summary>Import-SwarmNode -DockerMachine: the machine's config.json is not docker-machine's JSON, or lacks the droplet id (its text is never shown: it holds the API token).</summary>
    public const string MachineConfigInvalid = nameof(MachineConfigInvalid);
    /// <summary>Import-SwarmNode: the droplet already carries the tag of another swarm (or a SwarmTools key tag without -SwarmTag): it is managed as part of that swarm. Import it with that -SwarmTag, or remove the tag first.</summary>
    public const string DropletInAnotherSwarm = nameof(DropletInAnotherSwarm);
    /// <summary>Another argument the module could not use; the message says which.</summary>
    public const string InvalidArgument = nameof(InvalidArgument);
    /// <summary>-Check or -ExcludeCheck names a check Test-Swarm does not have; the message lists the checks (tab completion offers them).</summary>
    public const string UnknownCheck = nameof(UnknownCheck);

    // Droplets
    /// <summary>No droplet of that name (with that tag) or id. A wildcard that matches nothing is not an error.</summary>
    public const string NodeNotFound = nameof(NodeNotFound);
    /// <summary>The node has no public address yet: wait until it is active.</summary>
    public const string NoPublicAddress = nameof(NoPublicAddress);
    /// <summary>A droplet was not created: its create request failed for good, or its create action errored and DigitalOcean removed it. Nothing is left of it; run again to retry.</summary>
    public const string DropletCreateFailed = nameof(DropletCreateFailed);
    /// <summary>A droplet was still not active after -Timeout. It is kept (and billed) unless -RemoveFailed deleted it; the message says which, and how to remove it.</summary>
    public const string DropletTimeout = nameof(DropletTimeout);
    /// <summary>A droplet could not be deleted: its create was still in progress (DigitalOcean's 422 "Droplet already has a pending event") for as long as the module waited. It exists and is billed; the message names it and the command that removes it once its create has ended.</summary>
    public const string DropletDeletePending = nameof(DropletDeletePending);
    /// <summary>A droplet came back from its create without the swarm's tags (DigitalOcean may do that for a token without tag:create) and tagging it afterwards was refused. It exists and is billed, and a re-run cannot find it: the message gives its id and the command that removes it.</summary>
    public const string DropletUntagged = nameof(DropletUntagged);
    /// <summary>SSH, cloud-init or Docker did not become ready within -Timeout; the message says which step and what it last saw.</summary>
    public const string NodeNotReady = nameof(NodeNotReady);
    /// <summary>cloud-init failed on the node; see cloud-init status --long on it. The droplet may need to be recreated.</summary>
    public const string CloudInitFailed = nameof(CloudInitFailed);
    /// <summary>cloud-init finished but the node has no Docker: use a Docker image, or install Docker in -UserData.</summary>
    public const string DockerNotInstalled = nameof(DockerNotInstalled);

    // SSH and host keys
    /// <summary>No private key to connect with: none given, none found for the key the node was made with, and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa. Pass -IdentityFile.</summary>
    public const string SshIdentityNotFound = nameof(SshIdentityNotFound);
    /// <summary>The private key could not be read as an OpenSSH or PEM key (or its passphrase is wrong).</summary>
    public const string SshKeyInvalid = nameof(SshKeyInvalid);
    /// <summary>The private key file could not be read (permissions).</summary>
    public const string SshKeyNotReadable = nameof(SshKeyNotReadable);
    /// <summary>The private key is protected by a passphrase; use a key without one.</summary>
    public const string SshKeyPassphraseRequired = nameof(SshKeyPassphraseRequired);
    /// <summary>The node refused the key: it is not in the node's authorized_keys. Use the key the node was created with.</summary>
    public const string SshAuthenticationFailed = nameof(SshAuthenticationFailed);
    /// <summary>The SSH connection could not be opened (refused, unreachable, handshake failed).</summary>
    public const string SshConnectFailed = nameof(SshConnectFailed);
    /// <summary>The node did not accept an SSH connection in time (it may still be booting, or a firewall drops the packets).</summary>
    public const string SshConnectTimeout = nameof(SshConnectTimeout);
    /// <summary>An open SSH connection broke (the host rebooted or a firewall cut it); try again.</summary>
    public const string SshConnectionLost = nameof(SshConnectionLost);
    /// <summary>A command could not be started over SSH (e.g. the host's session limit).</summary>
    public const string SshCommandFailed = nameof(SshCommandFailed);
    /// <summary>A command did not finish in time on the node and was stopped.</summary>
    public const string SshCommandTimeout = nameof(SshCommandTimeout);
    /// <summary>The node presented another host key than the one pinned or in known_hosts: someone may be intercepting the connection. The message names both SHA-256 fingerprints.</summary>
    public const string HostKeyMismatch = nameof(HostKeyMismatch);
    /// <summary>The host offered a key that known_hosts marks @revoked: it is refused even when pinned.</summary>
    public const string HostKeyRevoked = nameof(HostKeyRevoked);
    /// <summary>A new node could not be given a host key of its own; it was not emitted as ready. Remove it with Remove-SwarmNode -DropletOnly and create it again.</summary>
    public const string HostKeyRotationFailed = nameof(HostKeyRotationFailed);
    /// <summary>An address from the API or a host is not an IPv4 or IPv6 literal, so it is never used as a host, known_hosts entry or firewall source.</summary>
    public const string InvalidAddress = nameof(InvalidAddress);
    /// <summary>A host name for known_hosts that is not an address (a pattern or a name with spaces is never written).</summary>
    public const string InvalidHostName = nameof(InvalidHostName);
    /// <summary>The node's host key is neither pinned nor in known_hosts: verify it, then pass -TrustOnFirstUse once.</summary>
    public const string HostKeyUnknown = nameof(HostKeyUnknown);
    /// <summary>The node's host key could not be checked.</summary>
    public const string HostKeyUnreadable = nameof(HostKeyUnreadable);
    /// <summary>The known_hosts file could not be read.</summary>
    public const string KnownHostsNotReadable = nameof(KnownHostsNotReadable);
    /// <summary>A trusted host key could not be recorded in the known_hosts file.</summary>
    public const string KnownHostsNotWritable = nameof(KnownHostsNotWritable);
    /// <summary>Remove-SwarmNode could not reach the node over SSH to take it out of its swarm, so its droplet was kept: pass -DropletOnly to delete it anyway.</summary>
    public const string NodeUnreachable = nameof(NodeUnreachable);

    // The swarm
    /// <summary>The node is already in another swarm; SwarmTools never moves a node silently. Take it out of that swarm first.</summary>
    public const string NodeInAnotherSwarm = nameof(NodeInAnotherSwarm);
    /// <summary>The node is a worker of an existing swarm: name that swarm's manager with -Manager.</summary>
    public const string ManagerNeeded = nameof(ManagerNeeded);
    /// <summary>The node is stuck trying to join a swarm (usually 2377/tcp blocked); the message says how to stop the attempt.</summary>
    public const string SwarmJoinPending = nameof(SwarmJoinPending);
    /// <summary>The node manages an autolocked swarm that is locked: docker swarm unlock, then run again.</summary>
    public const string SwarmLocked = nameof(SwarmLocked);
    /// <summary>The node's swarm state is 'error', or one SwarmTools does not know; the message gives the command that resets it.</summary>
    public const string SwarmNodeError = nameof(SwarmNodeError);
    /// <summary>The node has no address of the kind asked for (-AdvertiseAddress Private or Public) in the API's data.</summary>
    public const string NoAdvertiseAddress = nameof(NoAdvertiseAddress);
    /// <summary>No reachable manager among the candidates (the nodes given and the swarm tag's droplets): pass one with -Manager. With -Manager, the node given did not answer as a manager: pass another, or leave -Manager out.</summary>
    public const string NoManagerFound = nameof(NoManagerFound);
    /// <summary>The swarm object names no manager this session can reach: pass -Manager.</summary>
    public const string NoManagerInSwarm = nameof(NoManagerInSwarm);
    /// <summary>The node asked for the swarm's state is not a manager.</summary>
    public const string NotAManager = nameof(NotAManager);
    /// <summary>The node is not a member of the swarm: add it with Join-SwarmNode.</summary>
    public const string NotASwarmMember = nameof(NotASwarmMember);
    /// <summary>A new manager did not become Reachable in time, so no further manager was added. Check the swarm ports, then run again.</summary>
    public const string ManagerNotReachable = nameof(ManagerNotReachable);
    /// <summary>Demoting or removing the manager lowers the swarm's fault tolerance: promote another node first, or pass -Force.</summary>
    public const string FaultToleranceWouldDrop = nameof(FaultToleranceWouldDrop);
    /// <summary>Too few other managers are reachable: the change would lose the swarm's quorum, so it is refused (even with -Force).</summary>
    public const string QuorumAtRisk = nameof(QuorumAtRisk);
    /// <summary>The node is the swarm's last manager: removing it ends the swarm. Pass -Force to do it anyway.</summary>
    public const string LastManager = nameof(LastManager);
    /// <summary>A demoted manager still acted as a manager after 60 s, so it was not taken out of the swarm.</summary>
    public const string DemotionNotSeen = nameof(DemotionNotSeen);
    /// <summary>A docker command on the node failed; the message gives Docker's error.</summary>
    public const string DockerCommandFailed = nameof(DockerCommandFailed);

    // Firewalls
    /// <summary>-SshSource does not include the address this session connects from, so its next connection would be refused: add that address, or pass -Force.</summary>
    public const string SshSourceExcludesYou = nameof(SshSourceExcludesYou);
    /// <summary>No interface on the node holds its public or VPC address, so published ports could not be filtered there; nothing was changed on that node. Check `ip -4 addr`, or pass -PublishedPorts Open.</summary>
    public const string PublishedPortsNoInterface = nameof(PublishedPortsNoInterface);
    /// <summary>-Source names an IPv6 range while published ports are filtered, which the IPv4 filter cannot hold: give IPv4 ranges, or -PublishedPorts Open. -From takes IPv4 only. Nothing was changed.</summary>
    public const string Ipv6SourceUnsupported = nameof(Ipv6SourceUnsupported);
    /// <summary>Set-SwarmFirewall -From or -FromLoadBalancer was given without -AllowPort: they say where the -AllowPort ports may be reached from, so alone they would do nothing. Add -AllowPort, or leave them out. Nothing was changed.</summary>
    public const string FromNeedsAllowPort = nameof(FromNeedsAllowPort);
    /// <summary>Set-SwarmFirewall -FromLoadBalancer names no load balancer of the account (or is no UUID): check the id with `doctl compute load-balancer list`. Nothing was changed.</summary>
    public const string LoadBalancerNotFound = nameof(LoadBalancerNotFound);
    /// <summary>Set-SwarmFirewall -FromLoadBalancer names a load balancer outside the swarm's VPC: it forwards only to droplets in its own VPC, whose range the hosts admit. Use one in the swarm's VPC, or -From. Nothing was changed.</summary>
    public const string LoadBalancerOutsideSwarmVpc = nameof(LoadBalancerOutsideSwarmVpc);
    /// <summary>A member's firewall could not be updated to admit a joining node (the error names the member and why): run Set-SwarmFirewall once it is reachable. A manager is not joined unless every manager admitted it, or -Force.</summary>
    public const string MemberNotAdmitting = nameof(MemberNotAdmitting);
    /// <summary>Join-SwarmNode could not tell whether the swarm's leader advertises its public or VPC address, so the nodes cannot follow it: pass -AdvertiseAddress Private or Public.</summary>
    public const string AdvertiseModeUnknown = nameof(AdvertiseModeUnknown);
    /// <summary>ufw is not installed on the node: install it, or use -Mode Cloud.</summary>
    public const string UfwMissing = nameof(UfwMissing);
    /// <summary>DigitalOcean could not apply the cloud firewall (status 'failed'): check it, then run Set-SwarmFirewall again.</summary>
    public const string CloudFirewallFailed = nameof(CloudFirewallFailed);
    /// <summary>The cloud firewall disappeared while it was being applied.</summary>
    public const string CloudFirewallGone = nameof(CloudFirewallGone);
    /// <summary>The cloud firewall was not applied in time. It exists; run Set-SwarmFirewall again to wait for it.</summary>
    public const string CloudFirewallTimeout = nameof(CloudFirewallTimeout);
    /// <summary>A cloud firewall with this swarm's name (or one of the module's on its tag) covers other tags or droplets too: replacing it would change what it protects. Rename or delete it, or use another -SwarmTag.</summary>
    public const string CloudFirewallNotOurs = nameof(CloudFirewallNotOurs);
    /// <summary>The cloud firewall would pass one of DigitalOcean's limits (50 rules, 1000 sources per rule, 10 droplets, 5 tags); nothing was sent. Use port ranges and CIDR ranges.</summary>
    public const string CloudFirewallTooLarge = nameof(CloudFirewallTooLarge);
    /// <summary>-EncryptedOverlay with -Mode Cloud or Both: a cloud firewall passes only TCP, UDP and ICMP and filters VPC traffic too, so it would drop ESP between members. Use -Mode Ufw.</summary>
    public const string EncryptedOverlayNeedsUfw = nameof(EncryptedOverlayNeedsUfw);

    // The docker CLI
    /// <summary>Use-SwarmNode was given several nodes; the docker CLI talks to one daemon at a time.</summary>
    public const string OneNodeOnly = nameof(OneNodeOnly);
    /// <summary>No ssh client on PATH, which the docker CLI needs to reach a node over SSH: install OpenSSH's client.</summary>
    public const string SshClientNotFound = nameof(SshClientNotFound);
    /// <summary>No docker CLI on PATH (needed for -ContextName): install it.</summary>
    public const string DockerCliNotFound = nameof(DockerCliNotFound);
    /// <summary>docker context create or update failed; the message gives the CLI's error.</summary>
    public const string DockerContextFailed = nameof(DockerContextFailed);

    // The sandbox
    /// <summary>A sandbox is already running in this session: stop it first with Stop-SwarmSandbox.</summary>
    public const string SandboxAlreadyRunning = nameof(SandboxAlreadyRunning);
    /// <summary>The sandbox server is missing from the module folder: rebuild the module.</summary>
    public const string SandboxNotFound = nameof(SandboxNotFound);
    /// <summary>The sandbox server did not start; the message gives what it said.</summary>
    public const string SandboxStartFailed = nameof(SandboxStartFailed);

    // Stacks and services
    /// <summary>The stack name is not one Docker takes: a letter or digit first, then letters, digits, '-' and '_' (no '.'), at most 63 characters with each service's name. Nothing was sent.</summary>
    public const string StackNameInvalid = nameof(StackNameInvalid);
    /// <summary>The compose file given with -Path does not exist. Nothing was sent.</summary>
    public const string ComposeFileNotFound = nameof(ComposeFileNotFound);
    /// <summary>The compose file is not YAML, or has no services (a mapping under 'services:'), or a service name Docker refuses. The message gives the line. Nothing was sent.</summary>
    public const string ComposeFileInvalid = nameof(ComposeFileInvalid);
    /// <summary>The compose file refers to a file of this machine (env_file, a config or secret with 'file:', build), which the manager cannot read: only the compose file is sent. Inline it, or create the secret first and mark it external. Nothing was sent.</summary>
    public const string ComposeFileRefersToLocalFile = nameof(ComposeFileRefersToLocalFile);
    /// <summary>docker stack deploy refused the compose file or failed on the manager; the message gives Docker's words.</summary>
    public const string StackDeployFailed = nameof(StackDeployFailed);
    /// <summary>A service's image cannot be pulled or found on the nodes its tasks were given (the message names the tasks and Docker's error). Build or push the image, or check its name, then deploy again.</summary>
    public const string StackImageUnavailable = nameof(StackImageUnavailable);
    /// <summary>A task cannot start because the port it publishes (host mode) is already taken on its node; the message names the tasks. Free the port or publish another one.</summary>
    public const string StackPortInUse = nameof(StackPortInUse);
    /// <summary>No node meets a service's placement (constraints, resources, a host-mode port on every node already taken); the message names the tasks and Docker's reason.</summary>
    public const string StackNoSuitableNode = nameof(StackNoSuitableNode);
    /// <summary>A service's tasks keep failing (they exit or are rejected); the message names the tasks and their errors. See Get-SwarmTask -Service.</summary>
    public const string StackTaskFailed = nameof(StackTaskFailed);
    /// <summary>A service's update was paused or rolled back by Docker (its update_config failure_action); the message gives Docker's reason.</summary>
    public const string StackUpdateFailed = nameof(StackUpdateFailed);
    /// <summary>The stack did not converge within -Timeout; it is deployed and Docker goes on. The message names the services that lag and their tasks. Check with Get-SwarmService -Stack.</summary>
    public const string StackConvergeTimeout = nameof(StackConvergeTimeout);
    /// <summary>There is no stack of that name on the swarm (Get-SwarmStack lists them).</summary>
    public const string StackNotFound = nameof(StackNotFound);
    /// <summary>There is no service of that name (Get-SwarmService lists them); a wildcard that matches nothing is no error.</summary>
    public const string ServiceNotFound = nameof(ServiceNotFound);
    /// <summary>docker stack rm failed, or the stack's services, tasks or networks were still there within -Timeout; the message names what is left. Run Remove-SwarmStack again.</summary>
    public const string StackRemoveIncomplete = nameof(StackRemoveIncomplete);
    // Maintenance (Invoke-SwarmMaintenance)
    /// <summary>Invoke-SwarmMaintenance was given nothing to do: pass -Command, -ScriptBlock or -Reboot.</summary>
    public const string MaintenanceNothingToDo = nameof(MaintenanceNothingToDo);
    /// <summary>Before maintenance: a member is not Ready, a manager not reachable, or a node does not answer over SSH; nothing was changed. Bring it back or remove it, then run again.</summary>
    public const string MaintenanceSwarmNotReady = nameof(MaintenanceSwarmNotReady);
    /// <summary>A maintenance step failed on a node (the message names node, step and output); the node is left drained and labelled, and a re-run carries on from that step.</summary>
    public const string MaintenanceStepFailed = nameof(MaintenanceStepFailed);
    // Secrets
    /// <summary>A secret's name Docker would refuse: 1 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. Nothing was created.</summary>
    public const string SecretNameInvalid = nameof(SecretNameInvalid);
    /// <summary>New-SwarmSecret: a secret of that name exists. Docker secrets cannot change: create one under a new name and point the services at it, or remove the old one first (Remove-SwarmSecret). Nothing was created.</summary>
    public const string SecretExists = nameof(SecretExists);
    /// <summary>Remove-SwarmSecret: services still use the secret (the message names them). Remove it from those services first.</summary>
    public const string SecretInUse = nameof(SecretInUse);
    /// <summary>New-SwarmSecret: the value is empty (Docker refuses an empty secret). Nothing was created.</summary>
    public const string SecretValueEmpty = nameof(SecretValueEmpty);
    /// <summary>Remove-SwarmSecret -Name: the swarm has no secret of that name (Get-SwarmSecret lists them). The others named were removed.</summary>
    public const string SecretNotFound = nameof(SecretNotFound);

    // Backup and restore
    /// <summary>Backup-Swarm: the file exists. Give another -Path, or -Force to replace it. Nothing was stopped.</summary>
    public const string BackupFileExists = nameof(BackupFileExists);
    /// <summary>Backup-Swarm: the folder of -Path does not exist: create it, or give another -Path. Nothing was stopped.</summary>
    public const string BackupFolderMissing = nameof(BackupFolderMissing);
    /// <summary>Backup-Swarm: stopping Docker on any manager would leave the swarm without a quorum of managers (or it has only one): add managers, or pass -Force to accept that the control plane pauses while Docker is stopped. Nothing was stopped.</summary>
    public const string BackupWouldLoseQuorum = nameof(BackupWouldLoseQuorum);
    /// <summary>Backup-Swarm: the manager to back up is not among the droplets the module can reach (the swarm tag's droplets, or -Manager): pass the swarm tag, or the manager. Nothing was stopped.</summary>
    public const string BackupManagerUnknown = nameof(BackupManagerUnknown);
    /// <summary>Backup-Swarm: archiving /var/lib/docker/swarm failed after Docker was stopped; Docker was started again (the message says so). Nothing was written locally.</summary>
    public const string BackupFailed = nameof(BackupFailed);
    /// <summary>Backup-Swarm or Restore-Swarm: Docker could not be started again on the node (the message gives why). Start it there (systemctl start docker) and check the node with Test-Swarm.</summary>
    public const string DockerNotRestarted = nameof(DockerNotRestarted);
    /// <summary>Backup-Swarm: the manager was not Ready and Reachable again within the wait after Docker started. The archive was written; check the node with Test-Swarm.</summary>
    public const string BackupManagerNotBack = nameof(BackupManagerNotBack);
    /// <summary>Restore-Swarm: the node is already in a swarm. Restore onto a fresh node (New-SwarmNode), or make it leave first. Nothing was changed.</summary>
    public const string RestoreNodeInSwarm = nameof(RestoreNodeInSwarm);
    /// <summary>Restore-Swarm: the backup was taken from an autolocked swarm and no (or a wrong) -UnlockKey was given. The restored state stays on the node, locked: run Restore-Swarm again with the backup's UnlockKey.</summary>
    public const string RestoreNeedsUnlockKey = nameof(RestoreNeedsUnlockKey);
    /// <summary>Restore-Swarm: the file is not a Backup-Swarm archive (no swarm/ folder inside). Nothing was changed on the node.</summary>
    public const string BackupArchiveInvalid = nameof(BackupArchiveInvalid);

    // Anything else
    /// <summary>The operation was stopped (Ctrl+C or a cancelled wait).</summary>
    public const string OperationStopped = nameof(OperationStopped);
    /// <summary>A failure the module did not foresee; the message gives the underlying error. Please report it.</summary>
    public const string UnexpectedError = nameof(UnexpectedError);
}
