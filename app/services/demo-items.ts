import type { OutcomeKind } from "~/domain/agenda/agenda-item";

/**
 * One agenda item of the demo summit, as its proposer would have written it
 * before the summit: the problem and the options, not what was decided.
 * People are named by their demo account's address.
 */
export interface DemoItem {
  title: string;
  outcomeKind: OutcomeKind;
  desiredOutcome: string;
  /** Markdown. */
  background: string;
  minutesNeeded: number;
  proposerEmail: string;
  /** The discussion lead. */
  leadEmail: string;
  links: string[];
  status: "submitted" | "accepted";
  /** Attendees who support the item; never the proposer. */
  cosponsorEmails: string[];
  /** The first revision, later improved: the item then has two revisions to compare. */
  earlier?: { desiredOutcome: string; minutesNeeded: number };
}

const PETER = "peter.maydell@demo.summit.test";
const STEFAN = "stefan.hajnoczi@demo.summit.test";
const MARKUS = "markus.armbruster@demo.summit.test";
const PAOLO = "paolo.bonzini@demo.summit.test";
const GERD = "gerd.hoffmann@demo.summit.test";
const ALEX = "alex.graf@demo.summit.test";
const DANIEL = "daniel.berrange@demo.summit.test";
const CORNELIA = "cornelia.huck@demo.summit.test";
const CHRISTIAN = "christian.borntraeger@demo.summit.test";
const FAM = "fam.zheng@demo.summit.test";

/**
 * The seven topics of the QEMU Summit 2017 minutes (qemu-devel, 23 November
 * 2017), in the order the minutes give them. All were accepted, and the
 * summit's vote put them in that order.
 */
export const DEMO_ITEMS: readonly DemoItem[] = [
  {
    // Peter Maydell reports it: the minutes give it without a speaker, and he signs them.
    title: "qemu.org hosting update",
    outcomeKind: "information",
    desiredOutcome:
      "Hear where qemu.org will be hosted now that Rackspace is ending its free sponsorship, and what a CDN sponsor for downloads would change.",
    background: [
      "Rackspace have told us that they are ending the free sponsorship that hosts qemu.org. Staying with them at their charged rates would cost more than the project can pay.",
      "",
      "Where things stand:",
      "",
      "- A consultancy company has offered to host us, and we are planning to migrate to them.",
      "- The web site, wiki and git hosting have to move; the download area moves with them unless we find somewhere else for it.",
      "- Downloads (release tarballs) are the bulk of our bandwidth. A CDN sponsor for them alone would make the rest cheap to host wherever it ends up.",
      "",
      "This is a short report so that maintainers know what is changing and can say what they depend on. If you know of a CDN that sponsors open source projects, bring the name.",
    ].join("\n"),
    minutesNeeded: 10,
    proposerEmail: PETER,
    leadEmail: PETER,
    links: ["https://www.qemu.org/"],
    status: "accepted",
    // The project's system administrators look after the hosting.
    cosponsorEmails: [STEFAN, PAOLO],
  },
  {
    // Markus Armbruster: the minutes give his answer to the problem, per-maintainer -next trees.
    title: "-next trees during the freeze",
    outcomeKind: "decision",
    desiredOutcome:
      "Decide whether maintainers keep their own -next trees during the freeze, and whether there is a project-wide -next tree.",
    background: [
      "Two problems come back every release:",
      "",
      "1. Contributors cannot get patches merged during the freeze. A series posted after soft freeze often gets no answer, or a request to send it again later, which is a bad experience for newcomers.",
      "2. Block layer subtrees have a high chance of conflicting towards the end of the freeze, when everything queued lands at once.",
      "",
      "Options:",
      "",
      "- Each maintainer keeps a `-next` branch with the patches queued for the following release, and sends it as a pull request when the tree opens. This solves the first problem.",
      "- A project-wide `-next` tree, as Linux has, which would also show conflicts between subtrees early.",
      "- Leave it to each maintainer, but agree that nobody is told to go away just because we are frozen.",
      "",
      "The cost: a `-next` tree is more work during the freeze itself (rebasing, and who does the backports to the release branch), which is when maintainers have least time.",
    ].join("\n"),
    minutesNeeded: 25,
    proposerEmail: MARKUS,
    leadEmail: MARKUS,
    links: ["https://wiki.qemu.org/Planning/2.11"],
    status: "accepted",
    // Both spoke on it: Peter on where conflicts happen, Paolo on the cost of a -next tree.
    cosponsorEmails: [PETER, PAOLO],
  },
  {
    // Gerd Hoffmann opens the topic in the minutes.
    title: "Firmware blobs",
    outcomeKind: "action_plan",
    desiredOutcome:
      "Find a volunteer to post a proposal to the list that captures the requirements for firmware blobs outside the QEMU repository.",
    background: [
      "The `pc-bios/` directory carries prebuilt firmware: SeaBIOS, iPXE ROMs, OpenBIOS, SLOF and more. The blobs keep growing and bloat the repository and the release tarball, yet most users never run them: distributions build their own firmware and ship it separately.",
      "",
      "QEMU can already load firmware from a path outside its own tree (`/usr/lib/qemu-firmware`), so the blobs need not live in qemu.git. Things any proposal has to cover:",
      "",
      "- Some blobs are hard to rebuild, so distributions ship them as we built them.",
      "- Blobs whose sources are in the QEMU tree (`pc-bios/optionrom`, `pc-bios/s390-ccw`, `pc-bios/spapr-rtas`) stay with their sources.",
      "- Some firmware must be updated in lockstep with QEMU (the SPARC OpenBIOS, probably others), which a separate repository makes awkward.",
      "- People who build from source should still be able to boot UEFI on ARM and x86 boards, without the whole UEFI source tree in qemu.git.",
      "",
      "I do not expect a solution in the room, but I would like someone to own writing the requirements down.",
    ].join("\n"),
    minutesNeeded: 30,
    proposerEmail: GERD,
    leadEmail: GERD,
    links: [],
    status: "accepted",
    // All three spoke on it: Alex on blobs that are hard to rebuild, Paolo on blobs with sources here, Peter on UEFI.
    cosponsorEmails: [ALEX, PAOLO, PETER],
    // First proposed as moving the blobs out; revised once the blobs that must stay were pointed out.
    earlier: {
      desiredOutcome:
        "A plan to move the firmware blobs out of the QEMU repository and into a repository of their own.",
      minutesNeeded: 15,
    },
  },
  {
    // Daniel Berrange opens the topic and takes the action in the minutes.
    title: "Security bug handling",
    outcomeKind: "action_plan",
    desiredOutcome:
      "Agree who writes the process for recording the CVEs fixed in each release, with a draft on the list by the 2.12 release.",
    background: [
      "QEMU does not document which security bugs were fixed in each release. The CII Best Practices criteria ask for exactly that, and users who are not on a distribution have no easy way to find out whether a release is affected by a CVE.",
      "",
      "In practice we delegate providing a secure QEMU for production to the distributions: we do not make prompt releases with security fixes in them, and the stable tree is used only as far as distributions share backporting work. When they are not on the same point release, they backport on their own.",
      "",
      "Questions for the room:",
      "",
      "- Where do we record the CVEs fixed in a release: the changelog on the wiki, a page on qemu.org, or the stable release announcements?",
      "- Who fills it in, and when: at release time, or as each fix is merged?",
      "- Do we want to say anything more about stable releases and security fixes, or keep leaving that to the distributions and say so plainly?",
    ].join("\n"),
    minutesNeeded: 20,
    proposerEmail: DANIEL,
    leadEmail: DANIEL,
    links: ["https://www.qemu.org/contribute/security-process/"],
    status: "accepted",
    // Peter spoke on releases with security fixes, Stefan on the stable tree.
    cosponsorEmails: [PETER, STEFAN],
  },
  {
    // Paolo Bonzini asks the question in the minutes.
    title: "QEMU Summit inclusion",
    outcomeKind: "consensus_check",
    desiredOutcome:
      "Should we open the summit to anyone who is interested, if proposed agenda items state a desired decision or outcome?",
    background: [
      "Today the summit invites the top contributors plus a set of people with responsibilities in the project, such as the -stable maintainer and the qemu.org system administrators. Everyone else hears about it from the minutes.",
      "",
      "That keeps the room small, but it also keeps out people who are affected by what is discussed and would have something to say. The proposal:",
      "",
      "- Anyone who is interested may attend.",
      "- To keep a bigger room workable, every agenda item is proposed in advance with the decision or outcome it seeks, so that time goes to items that need the room.",
      "",
      "Things to weigh: whether more people make the discussion unwieldy, what the Kernel Summit and the Device Tree Summit have learnt about this, and whether maintainer topics could instead go to Birds of a Feather sessions at KVM Forum, open to all.",
    ].join("\n"),
    minutesNeeded: 20,
    proposerEmail: PAOLO,
    leadEmail: PAOLO,
    links: [],
    status: "accepted",
    // Peter spoke on a more formal agenda, Cornelia on Birds of a Feather sessions.
    cosponsorEmails: [PETER, CORNELIA],
  },
  {
    // Christian Borntraeger opens the topic in the minutes.
    title: "Continuous integration and qemu-iotests",
    outcomeKind: "action_plan",
    desiredOutcome:
      "Name owners for running qemu-iotests before patches are merged: adding them to make check, and their status in patchew.",
    background: [
      "qemu-iotests have broken a lot. They are not run before patches are merged, so a regression is found later by whoever next runs them, by then mixed up with other changes.",
      "",
      "What exists today:",
      "",
      "- `make check` is what every pull request is tested with before it is merged. If a test is not in `make check`, in practice it is not tested.",
      "- The build tests run on qemu.git before a merge are personal scripts, partly on machines that others cannot log in to.",
      "- patchew tests series posted to the list, but does not run qemu-iotests.",
      "",
      "Options: add a quick subset of qemu-iotests to `make check`; have patchew run them on each series; generalise the build test scripts so that others can run the same tests. Each needs someone to do it.",
    ].join("\n"),
    minutesNeeded: 25,
    proposerEmail: CHRISTIAN,
    leadEmail: CHRISTIAN,
    links: ["https://patchew.org/QEMU/"],
    status: "accepted",
    // Peter spoke on make check and his build tests; Stefan took the action to ask Fam, who runs patchew.
    cosponsorEmails: [PETER, STEFAN, FAM],
  },
  {
    // Markus Armbruster: he asks for exceptions to the policy in the minutes, which is this proposal.
    title: "Deprecation cycle",
    outcomeKind: "consensus_check",
    desiredOutcome:
      "Agree that code which is costly to maintain may be removed before the two-release grace period, and in which areas of code.",
    background: [
      "Our policy gives a deprecated feature a grace period of two releases before it is removed. That gives users, management tools above all, time to adapt, and it is worth keeping as the rule.",
      "",
      "But some features are painful to carry for two more releases: for example legacy options whose code gets in the way of cleanups already under way, and that few users are known to need.",
      "",
      "The proposal: keep the two-release period as the default, and allow a shorter one in named areas where the code is costly to maintain and no management tool depends on it. The deprecation notice would then state the release that removes the feature.",
      "",
      "For the room: is an exception acceptable at all, and if so, in which areas of code, and who decides for each feature?",
    ].join("\n"),
    minutesNeeded: 15,
    proposerEmail: MARKUS,
    leadEmail: MARKUS,
    links: [],
    status: "accepted",
    // Daniel spoke for keeping the policy, so that tools have time to adapt.
    cosponsorEmails: [DANIEL],
  },
];

/**
 * A few proposals for the follow-up summit, QEMU Summit 2018, in its
 * proposals phase: one accepted, two waiting for triage, so a newcomer can
 * triage, propose and, once it is moved on, vote.
 */
export const DEMO_2018_ITEMS: readonly DemoItem[] = [
  {
    title: "Deprecation cycle: a year on",
    outcomeKind: "decision",
    desiredOutcome:
      "Decide whether the shorter removal period agreed in 2017 becomes the rule for named areas of code.",
    background:
      "In 2017 we agreed to allow removing code that is costly to maintain before the two-release grace period, area by area. What did we remove that way, and did anyone downstream notice?",
    minutesNeeded: 20,
    proposerEmail: MARKUS,
    leadEmail: MARKUS,
    links: [],
    status: "accepted",
    cosponsorEmails: [DANIEL],
  },
  {
    title: "qemu-iotests in make check: what broke",
    outcomeKind: "action_plan",
    desiredOutcome: "Name who fixes the flaky tests that make check now runs, and by which release.",
    background:
      "Since 2017 a quick subset of qemu-iotests runs in `make check`. Some of those tests fail now and then on some hosts, and pull requests are retried until they pass.",
    minutesNeeded: 25,
    proposerEmail: CHRISTIAN,
    leadEmail: CHRISTIAN,
    links: ["https://patchew.org/QEMU/"],
    status: "submitted",
    cosponsorEmails: [FAM],
  },
  {
    title: "Firmware blobs: building them reproducibly",
    outcomeKind: "consensus_check",
    desiredOutcome:
      "Agree that every firmware blob we ship can be rebuilt from a tagged submodule with one make target.",
    background:
      "We ship prebuilt firmware in pc-bios/. Distributions rebuild it, and so should we be able to, from the submodules, with the same result.",
    minutesNeeded: 15,
    proposerEmail: GERD,
    leadEmail: GERD,
    links: [],
    status: "submitted",
    cosponsorEmails: [PAOLO],
  },
];
