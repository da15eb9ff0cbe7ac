// Staff work on submitted reports: the /review queue (queue.ts) and each report's card with the steps after
// review (card.ts: /report, /find and the card's buttons; panel.ts, steps.ts, recording.ts, typed-reply.ts,
// codec.ts), which the queue shows too. The bot assembly imports this file only.
export { reportActionsFeature } from "./card";
export { reviewFeature } from "./queue";
