/**
 * The 18 tasks the official QQT code averages (`keys_of_interest` of `process_128_grid.py`; spec §8), in its order.
 *
 * @example
 * ```ts
 * AVG18_TASKS.length; // 18
 * AVG18_TASKS[0]; // "imagenet1k"
 * ```
 */
export const AVG18_TASKS: readonly string[] = Object.freeze([
  "imagenet1k",
  "cifar10",
  "vtab/caltech101",
  "vtab/cifar100",
  "food101",
  "imagenet_sketch",
  "imagenetv2",
  "imagenet-a",
  "imagenet-o",
  "imagenet-r",
  "objectnet",
  "vtab/flowers",
  "vtab/pets",
  "voc2007",
  "vtab/resisc45",
  "cars",
  "retrieval/flickr_1k_test_image_text_retrieval",
  "retrieval/mscoco_2014_5k_test_image_text_retrieval",
]);

/**
 * The 38 DataComp evaluation tasks that have a `main_metric` (DataComp's `tasklist.yml` without FairFace and UTKFace),
 * whose mean is DataComp's "average over 38 datasets".
 *
 * @remarks Flickr retrieval is keyed `retrieval/flickr_1k_test_image_text_retrieval`, as in the evaluation outputs the
 * QQT paper used (and {@link AVG18_TASKS}); later DataComp versions (`tasklist.yml`) call it `retrieval/flickr30k`.
 * For the `avg18` and `avg38` metrics either key is read (see {@link DATACOMP_TASK_ALIASES}).
 * @example
 * ```ts
 * DATACOMP_38_TASKS.length; // 38
 * ```
 */
export const DATACOMP_38_TASKS: readonly string[] = Object.freeze([
  "vtab/caltech101",
  "cifar10",
  "vtab/cifar100",
  "vtab/clevr_count_all",
  "vtab/clevr_closest_object_distance",
  "country211",
  "vtab/dtd",
  "vtab/eurosat",
  "fgvc_aircraft",
  "food101",
  "gtsrb",
  "imagenet1k",
  "imagenet_sketch",
  "imagenetv2",
  "imagenet-a",
  "imagenet-o",
  "imagenet-r",
  "vtab/kitti_closest_vehicle_distance",
  "mnist",
  "objectnet",
  "vtab/flowers",
  "vtab/pets",
  "voc2007",
  "vtab/pcam",
  "renderedsst2",
  "vtab/resisc45",
  "cars",
  "stl10",
  "sun397",
  "vtab/svhn",
  "retrieval/flickr_1k_test_image_text_retrieval",
  "retrieval/mscoco_2014_5k_test_image_text_retrieval",
  "misc/winogavil",
  "wilds/iwildcam",
  "wilds/camelyon17",
  "wilds/fmow",
  "fairness/dollar_street",
  "fairness/geode",
]);

/**
 * Keys that newer DataComp evaluation outputs use for a task of {@link AVG18_TASKS} / {@link DATACOMP_38_TASKS}, and
 * the key those lists use. The `avg18` and `avg38` metrics read either; a file with both is a `DUPLICATE_TASK`.
 *
 * @example
 * ```ts
 * DATACOMP_TASK_ALIASES["retrieval/flickr30k"]; // "retrieval/flickr_1k_test_image_text_retrieval"
 * ```
 */
export const DATACOMP_TASK_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  "retrieval/flickr30k": "retrieval/flickr_1k_test_image_text_retrieval",
});
