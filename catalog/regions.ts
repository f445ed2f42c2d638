/**
 * AWS commercial regions and how many availability zones a new account can use in each.
 * Source: AWS Regions and Availability Zones, https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 * (us-west-1 lists three zones, but accounts created since 2013 get two; ap-northeast-1 likewise three of four).
 * China and GovCloud partitions are out of scope: their ARNs and endpoints differ.
 */
export const COMMERCIAL_REGIONS = {
  'us-east-1': 6,
  'us-east-2': 3,
  'us-west-1': 2,
  'us-west-2': 4,
  'af-south-1': 3,
  'ap-east-1': 3,
  'ap-east-2': 3,
  'ap-south-1': 3,
  'ap-south-2': 3,
  'ap-southeast-1': 3,
  'ap-southeast-2': 3,
  'ap-southeast-3': 3,
  'ap-southeast-4': 3,
  'ap-southeast-5': 3,
  'ap-southeast-6': 3,
  'ap-southeast-7': 3,
  'ap-northeast-1': 3,
  'ap-northeast-2': 4,
  'ap-northeast-3': 3,
  'ca-central-1': 3,
  'ca-west-1': 3,
  'eu-central-1': 3,
  'eu-central-2': 3,
  'eu-north-1': 3,
  'eu-south-1': 3,
  'eu-south-2': 3,
  'eu-west-1': 3,
  'eu-west-2': 3,
  'eu-west-3': 3,
  'il-central-1': 3,
  'me-central-1': 3,
  'me-south-1': 3,
  'mx-central-1': 3,
  'sa-east-1': 3,
} as const;

export type Region = keyof typeof COMMERCIAL_REGIONS;
export const REGION_NAMES = Object.keys(COMMERCIAL_REGIONS) as [Region, ...Region[]];
